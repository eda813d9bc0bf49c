import { eventRegistry, satisfactionAlertRaised } from '@crm/contracts';
import { CommandHandler, CommandScenario, InMemoryEventStore } from '@crm/event-store';
import { alertDecider, csiDecider, type RecordCsi } from './satisfaction.decider';

const meta = { actorId: 'system:satisfaction', correlationId: 'ev-1', causationId: 'ev-1' };

describe('satisfaction streams through the command handler (D6)', () => {
  let store: InMemoryEventStore;

  beforeEach(() => {
    store = new InMemoryEventStore({ context: 'analytics', registry: eventRegistry });
  });

  it('raises an alert once per episode, however often its triggering event is delivered', async () => {
    const alerts = new CommandHandler(store, alertDecider, {
      customerIdOf: (state) => state.customerId ?? undefined,
    });
    const alert = { ...satisfactionAlertRaised.example, customerId: 'cu-1' };
    const once = { ...meta, idempotencyKey: 'csi-alert:cu-1:ev-1' };
    await new CommandScenario(store)
      .when(() => alerts.handle('csi-alert-cu-1', alert, once))
      .thenAppended({ 'csi-alert-cu-1': [{ type: 'SatisfactionAlertRaised', data: alert }] });
    const redelivered = await alerts.handle('csi-alert-cu-1', alert, once);
    expect(redelivered.replayed).toBe(true);
    expect((await store.load('csi-alert-cu-1')).version).toBe(1);
  });

  it('publishes the CSI of every score, and nothing while no score counts', async () => {
    const csi = new CommandHandler(store, csiDecider, {
      customerIdOf: (state) => state.customerId ?? undefined,
    });
    const score = (value: number | null, scores: number): RecordCsi => ({
      customerId: 'cu-1',
      csi: value,
      scores,
      triggeringEventId: `ev-${scores}`,
      asOf: '2026-12-01T09:30:00.000Z',
    });
    await new CommandScenario(store)
      .when(() => csi.handle('csi-cu-1', score(null, 1), meta))
      .thenNothingAppended();
    await new CommandScenario(store)
      .when(() => csi.handle('csi-cu-1', score(68.75, 4), meta))
      .thenAppended({
        'csi-cu-1': [{ type: 'CustomerSatisfactionChanged', data: score(68.75, 4) }],
      });
    // The same CSI again from a new score is still published: the card shows when it was judged.
    const again = await csi.handle('csi-cu-1', score(68.75, 5), meta);
    expect(again.events.map((event) => event.data['scores'])).toEqual([5]);
  });
});
