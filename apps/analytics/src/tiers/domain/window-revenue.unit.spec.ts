import fc from 'fast-check';
import { assignTiers } from './abc-tiering';
import { revenueFromScratch, type PurchaseFact } from '@apps/analytics/test/tiers.model';
import { windowDays, windowRevenue } from './window-revenue';

const rule = { aBeforeShare: 0.55, bBeforeShare: 0.85 };
const start = Date.parse('2025-01-01T00:00:00Z');

/** What the customer-facts projection does with each purchase or reversal: add it to its day. */
const bucketed = (facts: readonly PurchaseFact[]) => {
  const byCustomer = new Map<string, Record<string, bigint>>();
  for (const fact of facts) {
    const days = byCustomer.get(fact.customerId) ?? {};
    const day = fact.occurredAt.toISOString().slice(0, 10);
    days[day] = (days[day] ?? 0n) + fact.amount;
    byCustomer.set(fact.customerId, days);
  }
  return byCustomer;
};

describe('tiers from the per-day revenue buckets (the read model the recomputation uses)', () => {
  it('equal the tiers from scratch on random purchase histories and as-of dates', () => {
    const fact = fc.record({
      purchaseId: fc.uuid(),
      customerId: fc.integer({ min: 1, max: 15 }).map((n) => `c${n}`),
      // Minor units, up to the per-amount limit: day sums run far past 2^53.
      amount: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
      occurredAt: fc
        .integer({ min: 0, max: 800 * 24 })
        .map((hour) => new Date(start + hour * 3_600_000)),
    });
    fc.assert(
      fc.property(
        fc.array(fact, { maxLength: 150 }),
        fc.integer({ min: 300, max: 800 }),
        (facts, asOfDay) => {
          const window = windowDays(new Date(start + asOfDay * 86_400_000 + 43_200_000), 12);
          const incremental = [...bucketed(facts)].map(([customerId, days]) => ({
            customerId,
            revenue: windowRevenue(days, window),
          }));
          const scratch = [...revenueFromScratch(facts, window)].map(([customerId, revenue]) => ({
            customerId,
            revenue,
          }));
          const tiers = (list: { customerId: string; revenue: bigint }[]) =>
            Object.fromEntries(assignTiers(list, rule).map((a) => [a.customerId, a.tier]));
          expect(tiers(incremental)).toEqual(tiers(scratch));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not count a back-dated purchase outside the window', () => {
    const window = windowDays(new Date('2026-11-24T12:00:00Z'), 12);
    expect(
      windowRevenue({ '2025-11-24': 100n, '2025-11-25': 50n, '2026-11-24': 25n }, window),
    ).toBe(75n);
  });
});
