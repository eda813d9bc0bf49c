import { eventRegistry, tierRecomputationCompleted } from '@crm/contracts';
import {
  CommandHandler,
  CommandScenario,
  EventStoreErrorCode,
  InMemoryEventStore,
} from '@crm/event-store';
import { recomputationsDecider, tierDecider, type AssignTier } from './tier.decider';

const meta = { actorId: 'system:tiers', correlationId: 'run-1', causationId: 'run-1' };
const stream = 'tier-cu-1';
// Far beyond 2^31 minor units: the figures are major units, as version 1 of the event carries them.
const assign = (tier: 'A' | 'B' | 'C'): AssignTier => ({
  customerId: 'cu-1',
  tier,
  revenue: 12_345_678_901.23,
  revenueAbove: 0,
  totalRevenue: 98_765_432_109.87,
  effectiveAt: '2026-12-01T02:00:00.000Z',
});
const changed = (previousTier: 'A' | 'B' | 'C' | null, tier: 'A' | 'B' | 'C') => ({
  type: 'CustomerTierChanged',
  data: { ...assign(tier), previousTier },
});

describe('tier streams through the command handler (D3)', () => {
  let store: InMemoryEventStore;

  beforeEach(() => {
    store = new InMemoryEventStore({ context: 'analytics', registry: eventRegistry });
  });

  const tiers = () =>
    new CommandHandler(store, tierDecider, {
      customerIdOf: (state) => state.customerId ?? undefined,
    });

  it('records a first tier, and a change with the tier it replaces', async () => {
    await new CommandScenario(store)
      .when(() => tiers().handle(stream, assign('B'), meta))
      .thenAppended({ [stream]: [changed(null, 'B')] });
    await new CommandScenario(store)
      .when(() => tiers().handle(stream, assign('A'), meta))
      .thenAppended({ [stream]: [changed('B', 'A')] });
    // Keyed by the customer, for the topic's partition.
    expect((await store.load(stream)).events.map((event) => event.customerId)).toEqual([
      'cu-1',
      'cu-1',
    ]);
  });

  it('records nothing when a run assigns the tier the stream holds (an overlapping run)', async () => {
    await new CommandScenario(store)
      .given(stream, changed(null, 'C'))
      .when(() => tiers().handle(stream, assign('C'), meta))
      .thenNothingAppended();
  });

  it('appends a run summary at the version read before the run; an overlapping run is refused', async () => {
    const recomputations = new CommandHandler(store, recomputationsDecider);
    const summary = tierRecomputationCompleted.example;
    const before = { loaded: { state: { runs: 0 }, version: 0 }, retries: 0 };
    await new CommandScenario(store)
      .when(() => recomputations.handle('tier-recomputations', summary, meta, before))
      .thenAppended({
        'tier-recomputations': [{ type: 'TierRecomputationCompleted', data: summary }],
      });
    // A second run that read the stream before the first finished.
    await expect(
      recomputations.handle('tier-recomputations', summary, meta, before),
    ).rejects.toMatchObject({ code: EventStoreErrorCode.StreamVersionConflict });
  });
});
