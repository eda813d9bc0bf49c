import { assignTiers, type CustomerRevenue } from '@apps/analytics/src/tiers/domain/abc-tiering';
import { RevenueLedger, windowDays } from '@apps/analytics/src/tiers/domain/revenue-ledger';
import type { BenchContext } from '../context';
import { purchaseHistory } from '../generator';
import { measure, type Measurement } from '../support';

const rule = { aBeforeShare: 0.55, bBeforeShare: 0.85 };

/**
 * Scenario 4: recompute tiers for N customers with 12 months of purchases (ledger → window revenue
 * → ranking). Baseline: the raw floor of the same work, summing amounts per customer in a plain
 * Float64Array and sorting it.
 */
export async function abcRecompute(context: BenchContext): Promise<Measurement[]> {
  const sizes = context.quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const asOf = new Date('2026-11-24T00:00:00Z');
  const window = windowDays(asOf, 12);
  const results: Measurement[] = [];
  const seconds: number[] = [];
  for (const size of sizes) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    };

    const rawStarted = performance.now();
    const totals = new Float64Array(size);
    for (const purchase of purchaseHistory(size, 4, asOf)) {
      totals[parseInt(purchase.customerId.slice(1), 36)]! += purchase.amount;
    }
    Float64Array.from(totals).sort();
    const rawSeconds = (performance.now() - rawStarted) / 1000;

    const started = performance.now();
    const ledger = new RevenueLedger();
    let applied = 0;
    for (const purchase of purchaseHistory(size, 4, asOf)) {
      ledger.apply({ ...purchase, amount: BigInt(Math.round(purchase.amount * 100)) });
      if ((applied += 1) % 100_000 === 0) sample();
    }
    sample();
    const revenues: CustomerRevenue[] = ledger
      .customers()
      .map((customerId) => ({ customerId, revenue: ledger.revenue(customerId, window) }));
    const tiers = assignTiers(revenues, rule);
    sample();
    const elapsed = (performance.now() - started) / 1000;
    seconds.push(elapsed);
    const counts = { A: 0, B: 0, C: 0 };
    tiers.forEach((tier) => (counts[tier.tier] += 1));
    context.log(`abc ${size}: ${elapsed.toFixed(2)} s (raw ${rawSeconds.toFixed(2)} s), peak heap +${Math.round((peak - heapBefore) / 2 ** 20)} MiB, mix ${JSON.stringify(counts)}`);
    results.push(
      measure('4 ABC recompute', `${size.toLocaleString('en-US')} customers, ${applied.toLocaleString('en-US')} purchases`, 's', elapsed, rawSeconds, 'lower_is_better', {
        peak_heap_mib: Math.round((peak - heapBefore) / 2 ** 20),
        tier_a: counts.A,
        tier_b: counts.B,
        tier_c: counts.C,
      }),
    );
  }
  const growth = seconds[1]! / seconds[0]!;
  const sizeGrowth = sizes[1]! / sizes[0]!;
  results.push(measure('4 ABC recompute', `time growth ×${sizeGrowth} customers (linear = ${sizeGrowth})`, '×', growth, sizeGrowth, 'lower_is_better'));
  return results;
}
