import mongoose from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry } from '@crm/contracts';
import { CommandHandler, MongoEventStore } from '@crm/event-store';
import type { Clock } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { RecomputeTiers } from '@apps/analytics/src/tiers/application/recompute-tiers';
import type {
  RecomputationsCommandHandler,
  TierCommandHandler,
} from '@apps/analytics/src/tiers/application/tier-commands';
import { recomputationsDecider, tierDecider } from '@apps/analytics/src/tiers/domain/tier.decider';
import { tiersFrom } from '@apps/analytics/src/tiers/domain/tier-recomputation';
import { windowDays } from '@apps/analytics/src/tiers/domain/window-revenue';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import type { BenchContext } from '../context';
import { purchaseHistory } from '../generator';
import { measure, type Measurement } from '../support';

const rules = {
  tiers: { windowMonths: 12, currency: 'CNY', aBeforeShare: 0.55, bBeforeShare: 0.85 },
  healthyMix: { shares: { A: 0.2, B: 0.4, C: 0.4 }, tolerance: 0.1 },
};
const asOf = new Date('2026-11-24T00:00:00Z');
const DAY_MS = 86_400_000;

interface Facts {
  readonly _id: string;
  readonly revenueByDay: Record<string, bigint>;
}

/**
 * The customer-facts documents as the recomputation reads them: per customer, its revenue per
 * business day in int64 minor units, from a year of purchases (about 4 each, Pareto revenue).
 */
function customerFacts(size: number): { facts: Facts[]; purchases: number } {
  const facts: Facts[] = [];
  let current: Facts | undefined;
  let purchases = 0;
  for (const purchase of purchaseHistory(size, 4, asOf)) {
    if (current?._id !== purchase.customerId) {
      current = { _id: purchase.customerId, revenueByDay: {} };
      facts.push(current);
    }
    const day = purchase.occurredAt.toISOString().slice(0, 10);
    current.revenueByDay[day] =
      (current.revenueByDay[day] ?? 0n) + BigInt(Math.round(purchase.amount * 100));
    purchases += 1;
  }
  return { facts, purchases };
}

const dayKey = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The floor of the same work, the plain way: int64 sums of the window's buckets, a numeric sort. */
function floor(facts: readonly Facts[]): number {
  const window = windowDays(asOf, rules.tiers.windowMonths);
  const from = dayKey(window.fromDay);
  const to = dayKey(window.toDay);
  const started = performance.now();
  const sums = new BigInt64Array(facts.length);
  for (let index = 0; index < facts.length; index += 1) {
    const days = facts[index]!.revenueByDay;
    let sum = 0n;
    for (const day in days) if (day > from && day <= to) sum += days[day]!;
    sums[index] = sum;
  }
  sums.sort();
  return (performance.now() - started) / 1000;
}

/**
 * Scenario 4: D3 over every customer as production computes it (`tiersFrom`, which
 * `RecomputeTiers` calls: window revenue from the day buckets, ranking, tiers, mix), against the
 * floor of the same sums and sort; then the whole recomputation on the event store and the
 * customer-facts collection (read, decide, append the changes, the summary).
 */
export async function abcRecompute(context: BenchContext): Promise<Measurement[]> {
  const sizes = context.quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const window = windowDays(asOf, rules.tiers.windowMonths);
  const results: Measurement[] = [];
  const seconds: number[] = [];
  for (const size of sizes) {
    const { facts, purchases } = customerFacts(size);
    const rawSeconds = floor(facts);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { assignments, mix } = tiersFrom(facts, window, rules.tiers, rules.healthyMix);
    const elapsed = (performance.now() - started) / 1000;
    const peak = process.memoryUsage().heapUsed;
    seconds.push(elapsed);
    context.log(
      `abc ${size}: ${elapsed.toFixed(2)} s (floor ${rawSeconds.toFixed(2)} s), heap +${Math.round((peak - heapBefore) / 2 ** 20)} MiB, ${assignments.length} ranked, mix ${JSON.stringify(mix.counts)}`,
    );
    results.push(
      measure(
        '4 ABC recompute',
        `${size.toLocaleString('en-US')} customers, ${purchases.toLocaleString('en-US')} purchases (tiersFrom)`,
        's',
        elapsed,
        rawSeconds,
        'lower_is_better',
        {
          heap_after_mib: Math.round((peak - heapBefore) / 2 ** 20),
          tier_a: mix.counts.A,
          tier_b: mix.counts.B,
          tier_c: mix.counts.C,
        },
      ),
    );
  }
  const growth = seconds[1]! / seconds[0]!;
  const sizeGrowth = sizes[1]! / sizes[0]!;
  results.push(
    measure(
      '4 ABC recompute',
      `time growth ×${sizeGrowth} customers (linear = ${sizeGrowth})`,
      '×',
      growth,
      sizeGrowth,
      'lower_is_better',
    ),
  );
  results.push(...(await onTheStore(context, context.quick ? 10_000 : 100_000)));
  return results;
}

/**
 * `RecomputeTiers.execute` on FerretDB: the first run records every customer's tier (all
 * changed), the second finds nothing changed. Baseline of each: a plain read of the same
 * documents and an `insertMany` of as many documents as the run appended changes.
 */
async function onTheStore(context: BenchContext, size: number): Promise<Measurement[]> {
  const database = `bench_abc_${context.suffix}`;
  const connection = await mongoose
    .createConnection(process.env['MONGODB_URI']!, { dbName: database, maxPoolSize: 20 })
    .asPromise();
  const results: Measurement[] = [];
  try {
    const db = connection.db!;
    const slots = new ProjectionSlots(connection, { SERVICE_NAME: 'analytics' });
    const collection = await slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS);
    const { facts } = customerFacts(size);
    for (let offset = 0; offset < facts.length; offset += 5_000) {
      await collection.insertMany(facts.slice(offset, offset + 5_000));
    }
    const clock: Clock = { now: () => asOf, nowMs: () => asOf.getTime() };
    const store = new MongoEventStore(db, {
      context: 'analytics',
      registry: eventRegistry,
      newId: uuidv7,
      now: () => asOf,
    });
    await store.ensureIndexes();
    const tiers: TierCommandHandler = new CommandHandler(store, tierDecider, {
      customerIdOf: (state) => state.customerId ?? undefined,
    });
    const recomputations: RecomputationsCommandHandler = new CommandHandler(
      store,
      recomputationsDecider,
    );
    const recompute = new RecomputeTiers(
      store,
      rules as unknown as AnalyticsRules,
      clock,
      slots,
      tiers,
      recomputations,
    );
    const raw = db.collection<{ _id: string; n: number }>('bench_raw_writes');
    const baseline = async (writes: number): Promise<number> => {
      const started = performance.now();
      await collection
        .find({}, { projection: { revenueByDay: 1, mergedInto: 1 }, useBigInt64: true })
        .toArray();
      for (let offset = 0; offset < writes; offset += 1_000) {
        await raw.insertMany(
          Array.from({ length: Math.min(1_000, writes - offset) }, (_, n) => ({
            _id: uuidv7(),
            n: offset + n,
          })),
        );
      }
      return (performance.now() - started) / 1000;
    };
    for (const run of ['first run, every tier new', 'second run, nothing changed']) {
      const started = performance.now();
      const summary = await recompute.execute({ trigger: 'on_demand', actorId: 'bench' });
      const elapsed = (performance.now() - started) / 1000;
      const rawSeconds = await baseline(summary.changed);
      context.log(
        `abc on the store ${size}, ${run}: ${elapsed.toFixed(2)} s, ${summary.changed} changed (raw ${rawSeconds.toFixed(2)} s)`,
      );
      results.push(
        measure(
          '4 ABC recompute',
          `RecomputeTiers on FerretDB, ${size.toLocaleString('en-US')} customers, ${run} (${summary.changed.toLocaleString('en-US')} changes)`,
          's',
          elapsed,
          rawSeconds,
          'lower_is_better',
        ),
      );
    }
  } finally {
    await connection.db?.dropDatabase();
    await connection.close();
  }
  return results;
}
