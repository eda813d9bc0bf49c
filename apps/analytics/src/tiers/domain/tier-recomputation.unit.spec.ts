import fc from 'fast-check';
import { tiersModel } from '@apps/analytics/test/tiers.model';
import { tiersFrom, type CustomerRevenueDays } from './tier-recomputation';
import { windowDays } from './window-revenue';

const rule = { aBeforeShare: 0.55, bBeforeShare: 0.85 };
const healthy = { shares: { A: 0.2, B: 0.4, C: 0.4 }, tolerance: 0.1 };
const asOf = new Date('2026-11-24T12:00:00Z');
const window = windowDays(asOf, 12);

/** Bigints written out, so that a figure, a key or the key order that differs shows. */
const exactly = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

describe('tiersFrom: D3 over every customer-facts document', () => {
  it('gives the D3 example A A B B C C C C C from day buckets, and leaves merged duplicates out', () => {
    const facts: CustomerRevenueDays[] = [400, 200, 150, 100, 60, 40, 30, 20, 0].map(
      (major, index) => ({
        _id: `客户${index}`,
        revenueByDay: { '2026-03-01': BigInt(major) * 60n, '2026-09-30': BigInt(major) * 40n },
      }),
    );
    facts.push({ _id: '重复客户', revenueByDay: { '2026-03-01': 10n ** 9n }, mergedInto: '客户0' });
    const { assignments, totalRevenue, mix } = tiersFrom(facts, window, rule, healthy);
    expect(assignments.map((a) => a.tier).join('')).toBe('AABBCCCCC');
    expect(assignments.map((a) => a.customerId)).not.toContain('重复客户');
    expect(totalRevenue).toBe(100_000n);
    expect(mix.counts).toEqual({ A: 2, B: 2, C: 5 });
    expect(mix.revenue).toEqual({ A: 60_000n, B: 25_000n, C: 15_000n });
  });

  it('reports the figure before a customer exactly where doubles would round it up', () => {
    // 323,008,701,088 / 819,077,581,390 × 10¹² is 394,356,662,209.99… : doubles make it …210.
    const facts = [
      { _id: '甲', revenueByDay: { '2026-06-01': 323_008_701_088n } },
      { _id: '乙', revenueByDay: { '2026-06-01': 248_034_440_151n } },
      { _id: '丙', revenueByDay: { '2026-06-01': 248_034_440_151n } },
    ];
    const { assignments } = tiersFrom(facts, window, rule, healthy);
    expect(assignments[1]!.before).toBe(0.394356662209);
    expect(exactly(assignments)).toBe(exactly(tiersModel(facts, window, rule).assignments));
  });

  it('orders large groups of equal revenue by customer id, as the model does', () => {
    // 40 customers on 1,000.00 and 30 on amounts one double cannot tell apart, in no order.
    const facts = Array.from({ length: 70 }, (_, n) => ({
      _id: `客户${(n * 37) % 70}`,
      revenueByDay: { '2026-06-01': n < 40 ? 100_000n : 2n ** 60n + BigInt(n % 3) },
    }));
    const { assignments } = tiersFrom(facts, window, rule, healthy);
    expect(exactly(assignments)).toBe(exactly(tiersModel(facts, window, rule).assignments));
  });

  it('equals the straightforward model: sums past 2^53, reversals, ties, zero revenue, old numeric buckets', () => {
    // Days around the window's edges and inside it, and keys no date parser accepts.
    const day = fc.oneof(
      fc
        .integer({ min: -40, max: 420 })
        .map((back) => new Date(asOf.getTime() - back * 86_400_000).toISOString().slice(0, 10)),
      fc.constantFrom('2025-11-24', '2025-11-25', '2026-11-24', '2026-11-25', 'not-a-day'),
    );
    const huge = 2n ** 62n;
    const amount = fc.oneof(
      fc.bigInt({ min: -5_000n, max: 50_000n }),
      fc.bigInt({ min: -huge, max: huge }),
      // Distinct amounts one double cannot tell apart, and repeated ones (ties).
      fc.constantFrom(2n ** 60n, 2n ** 60n + 1n, 2n ** 60n + 2n, 1_000n, 0n, -1_000n),
      fc.integer({ min: -100_000, max: 100_000 }),
    );
    const anyFact = fc.record(
      {
        _id: fc.constantFrom('a', 'b', 'c', '甲', '乙', 'a1', 'B', 'c-2', '丙丁', 'd', 'e', 'f'),
        revenueByDay: fc.dictionary(day, amount, { maxKeys: 6 }),
        mergedInto: fc.constantFrom('a', '甲'),
      },
      { requiredKeys: ['_id'] },
    );
    // One bucket in the window: sums that tie exactly, or differ below what a double resolves.
    const nearTie = fc.record({
      _id: anyFact.map((f) => f._id),
      revenueByDay: fc
        .constantFrom(2n ** 60n, 2n ** 60n + 1n, 2n ** 60n + 2n, 1_000n, 0n)
        .map((amount) => ({ '2026-06-01': amount })),
    });
    const fact = fc.oneof(anyFact, nearTie);
    fc.assert(
      fc.property(
        fc.uniqueArray(fact, { selector: (f) => f._id, maxLength: 12 }),
        fc.constantFrom(rule, { aBeforeShare: 0.3, bBeforeShare: 0.9 }),
        (facts, tierRule) => {
          const model = tiersModel(facts, window, tierRule);
          const computed = tiersFrom(facts, window, tierRule, healthy);
          expect(exactly(computed.assignments)).toBe(exactly(model.assignments));
          expect(computed.totalRevenue).toBe(model.total);
          expect(computed.mix.counts).toEqual(model.counts);
        },
      ),
      { numRuns: 500 },
    );
  });
});
