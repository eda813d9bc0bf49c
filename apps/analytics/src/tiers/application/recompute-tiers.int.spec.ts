import { MongoClient, type Db } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry } from '@crm/contracts';
import { CommandHandler, MongoEventStore, type StoredEvent } from '@crm/event-store';
import type { Clock } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import { uniqueSuffix } from '@crm/testing';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { recomputationsDecider, tierDecider } from '../domain/tier.decider';
import { CUSTOMER_FACTS } from '../infrastructure/customer-facts.projection';
import { RecomputeTiers, tierStream } from './recompute-tiers';

const asOf = new Date('2026-11-24T12:00:00Z');
const rules = {
  tiers: { windowMonths: 12, currency: 'CNY', aBeforeShare: 0.55, bBeforeShare: 0.85 },
  healthyMix: { shares: { A: 0.2, B: 0.4, C: 0.4 }, tolerance: 0.1 },
} as unknown as AnalyticsRules;

/**
 * The recomputation reads every tier stream at once (ADR 148) and appends each change at the
 * version it read: overlapping runs still record each change once, and a run over unchanged
 * revenue records nothing.
 */
describe('RecomputeTiers on the event store', () => {
  let mongo: MongoClient;
  let db: Db;
  let store: MongoEventStore;
  let recompute: RecomputeTiers;
  const database = `test_analytics_tiers_${uniqueSuffix()}`;
  // The D3 example (major units): A A B B C C C C C.
  const example = [400, 200, 150, 100, 60, 40, 30, 20, 0];
  const ids = example.map((_, index) => `客户${index}-${uuidv7()}`);

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    db = mongo.db(database);
    const connection = { db, collection: (name: string) => db.collection(name) };
    const slots = new ProjectionSlots(connection as never, { SERVICE_NAME: 'analytics' });
    store = new MongoEventStore(db, {
      context: 'analytics',
      registry: eventRegistry,
      newId: uuidv7,
      now: () => asOf,
    });
    await store.ensureIndexes();
    const clock: Clock = { now: () => asOf, nowMs: () => asOf.getTime() };
    recompute = new RecomputeTiers(
      store,
      rules,
      clock,
      slots,
      new CommandHandler(store, tierDecider, {
        customerIdOf: (state) => state.customerId ?? undefined,
      }),
      new CommandHandler(store, recomputationsDecider),
    );
    await (
      await slots.collection(CUSTOMER_FACTS)
    ).insertMany(
      ids.map((_id, index) => ({
        _id,
        revenueByDay: { '2026-06-01': BigInt(example[index]!) * 100n },
      })) as never[],
    );
  });

  afterAll(async () => {
    await db.dropDatabase();
    await mongo.close();
  });

  const tierEvents = async (): Promise<StoredEvent[]> =>
    (await Promise.all(ids.map(async (id) => (await store.load(tierStream(id))).events))).flat();

  it('records each change once when two runs overlap, and one run summary is refused', async () => {
    const runs = await Promise.allSettled([
      recompute.execute({ trigger: 'on_demand', actorId: 'analyst-甲' }),
      recompute.execute({ trigger: 'schedule', actorId: 'system:tier-recompute' }),
    ]);
    expect(runs.map((run) => run.status).sort()).toEqual(['fulfilled', 'rejected']);
    const events = await tierEvents();
    expect(events.map((event) => `${event.data['customerId']}:${event.data['tier']}`)).toEqual(
      ids.map((id, index) => `${id}:${'AABBCCCCC'[index]}`),
    );
    expect(events.every((event) => event.data['previousTier'] === null)).toBe(true);
    expect(events.every((event) => event.sequence === 1)).toBe(true);
  });

  it('records nothing when it runs again on the same revenue (a redelivered job)', async () => {
    const again = await recompute.execute({
      trigger: 'schedule',
      actorId: 'system:tier-recompute',
    });
    expect(again.changed).toBe(0);
    expect(again.counts).toEqual({ A: 2, B: 2, C: 5 });
    expect(await tierEvents()).toHaveLength(ids.length);
  });

  it('records only the customers whose tier changed, each at its stream version', async () => {
    // The last customer (C, no revenue) buys 2,000: ranked first with 2/3 of the 3,000 total, it
    // becomes A; 400 (before 2/3) and 200 (0.8) are now B, 150 (0.867) and 100 are C.
    await (
      await new ProjectionSlots(
        { db, collection: (name: string) => db.collection(name) } as never,
        { SERVICE_NAME: 'analytics' },
      ).collection(CUSTOMER_FACTS)
    ).updateOne({ _id: ids[8]! as never }, { $set: { revenueByDay: { '2026-11-01': 200_000n } } });
    const run = await recompute.execute({ trigger: 'on_demand', actorId: 'analyst-甲' });
    const changes = (await tierEvents()).filter((event) => event.sequence === 2);
    expect(
      changes.map((event) => [
        event.data['customerId'],
        event.data['previousTier'],
        event.data['tier'],
      ]),
    ).toEqual([
      [ids[0], 'A', 'B'],
      [ids[1], 'A', 'B'],
      [ids[2], 'B', 'C'],
      [ids[3], 'B', 'C'],
      [ids[8], 'C', 'A'],
    ]);
    expect(run.changed).toBe(changes.length);
  });
});
