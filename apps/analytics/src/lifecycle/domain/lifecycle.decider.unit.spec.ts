import { eventRegistry } from '@crm/contracts';
import { CommandHandler, CommandScenario, InMemoryEventStore } from '@crm/event-store';
import { lifecycleDecider, type LifecycleCommand } from './lifecycle.decider';
import { D5_DEFAULT_RULE } from '@apps/analytics/test/lifecycle.fixtures';

const rule = D5_DEFAULT_RULE;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const meta = { actorId: 'system:lifecycle', correlationId: 'run-1', causationId: 'run-1' };
const stream = 'lifecycle-cu-1';
// Every 10 days from 1 to 31 October: the usual interval is 10 days.
const rhythm = [day('2026-10-01'), day('2026-10-11'), day('2026-10-21'), day('2026-10-31')];
const evaluate = (asOf: string, purchases = rhythm): LifecycleCommand => ({
  kind: 'evaluate',
  customerId: 'cu-1',
  purchases,
  asOf: new Date(asOf),
  rule,
});
const stage = (previousStage: string | null, next: string, asOf: string, since: number | null) => ({
  type: 'CustomerLifecycleChanged',
  data: {
    customerId: 'cu-1',
    previousStage,
    stage: next,
    intervalDays: 10,
    daysSinceLastPurchase: since,
    lastPurchaseAt: since === null ? null : '2026-10-31T00:00:00.000Z',
    effectiveAt: new Date(asOf).toISOString(),
  },
});

describe('lifecycle streams through the command handler (D5)', () => {
  let store: InMemoryEventStore;
  let handler: CommandHandler<
    ReturnType<typeof lifecycleDecider.evolve>,
    LifecycleCommand,
    Parameters<typeof lifecycleDecider.evolve>[1]
  >;
  let scenario: CommandScenario;

  beforeEach(() => {
    store = new InMemoryEventStore({ context: 'analytics', registry: eventRegistry });
    handler = new CommandHandler(store, lifecycleDecider, {
      customerIdOf: (state) => state.customerId ?? undefined,
    });
    scenario = new CommandScenario(store);
  });

  it('records the first stage of a customer that bought, and a transition when it drifts', async () => {
    await scenario
      .when(() => handler.handle(stream, evaluate('2026-11-05T00:00:00Z'), meta))
      .thenAppended({ [stream]: [stage(null, 'active', '2026-11-05T00:00:00Z', 5)] });
    // 25 days after the last purchase of a 10-day rhythm: beyond 2×, drowsy.
    await new CommandScenario(store)
      .when(() => handler.handle(stream, evaluate('2026-11-25T00:00:00Z'), meta))
      .thenAppended({ [stream]: [stage('active', 'drowsy', '2026-11-25T00:00:00Z', 25)] });
  });

  it('records nothing while the stage holds, nor for a prospect that never bought', async () => {
    await scenario
      .given(stream, stage(null, 'active', '2026-11-05T00:00:00Z', 5))
      .when(() => handler.handle(stream, evaluate('2026-11-06T00:00:00Z'), meta))
      .thenNothingAppended();
    await new CommandScenario(store)
      .when(() => handler.handle('lifecycle-cu-2', evaluate('2026-11-06T00:00:00Z', []), meta))
      .thenNothingAppended();
  });

  it('marks a customer lost with its reason and the stage in one commit; a second marking adds nothing', async () => {
    const markLost: LifecycleCommand = {
      ...evaluate('2026-11-06T00:00:00Z'),
      kind: 'mark-lost',
      reason: 'went_to_competitor',
    };
    await scenario
      .given(stream, stage(null, 'active', '2026-11-05T00:00:00Z', 5))
      .when(() => handler.handle(stream, markLost, meta))
      .thenAppended({
        [stream]: [
          {
            type: 'CustomerMarkedLost',
            data: {
              customerId: 'cu-1',
              reason: 'went_to_competitor',
              markedAt: '2026-11-06T00:00:00.000Z',
            },
          },
          stage('active', 'lost', '2026-11-06T00:00:00Z', 6),
        ],
      });
    await new CommandScenario(store)
      .when(() => handler.handle(stream, markLost, meta))
      .thenNothingAppended();
  });

  it('keeps a marked customer lost until it buys on the day of the marking or later', async () => {
    scenario.given(stream, stage(null, 'active', '2026-11-05T00:00:00Z', 5)).given(
      stream,
      {
        type: 'CustomerMarkedLost',
        data: { customerId: 'cu-1', reason: 'unreachable', markedAt: '2026-11-06T00:00:00.000Z' },
      },
      stage('active', 'lost', '2026-11-06T00:00:00Z', 6),
    );
    await scenario
      .when(() => handler.handle(stream, evaluate('2026-11-07T00:00:00Z'), meta))
      .thenNothingAppended();
    const boughtAgain = [...rhythm, day('2026-11-07')];
    await new CommandScenario(store)
      .when(() => handler.handle(stream, evaluate('2026-11-08T00:00:00Z', boughtAgain), meta))
      .thenAppended({
        [stream]: [
          {
            ...stage('lost', 'active', '2026-11-08T00:00:00Z', 1),
            data: {
              ...stage('lost', 'active', '2026-11-08T00:00:00Z', 1).data,
              lastPurchaseAt: '2026-11-07T00:00:00.000Z',
            },
          },
        ],
      });
  });
});
