import { assignTiers, tierMix, type Tier } from './abc-tiering';

const rule = { aBeforeShare: 0.55, bBeforeShare: 0.85 };
const healthy = { shares: { A: 0.2, B: 0.4, C: 0.4 }, tolerance: 0.1 };
const tiersOf = (revenues: number[]) =>
  assignTiers(
    revenues.map((revenue, index) => ({
      customerId: `c${String(index).padStart(2, '0')}`,
      revenue: BigInt(revenue),
    })),
    rule,
  )
    .sort((a, b) => (a.customerId < b.customerId ? -1 : 1))
    .map((assignment) => assignment.tier);

describe('ABC tiering (D3)', () => {
  it('gives the D3 example A A B B C C C C C', () => {
    expect(tiersOf([400, 200, 150, 100, 60, 40, 30, 20, 0])).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'C',
      'C',
      'C',
    ]);
  });

  it('keeps the customer that crosses a boundary in the better tier, with the figure behind it', () => {
    const [first, second, third] = assignTiers(
      [
        { customerId: 'x', revenue: 50n },
        { customerId: 'y', revenue: 30n },
        { customerId: 'z', revenue: 20n },
      ],
      rule,
    );
    // y takes the cumulative share from 50% to 80%, past the A boundary: it still is A.
    expect([first!.tier, second!.tier, third!.tier]).toEqual(['A', 'A', 'B']);
    expect([first!.before, second!.before, third!.before]).toEqual([0, 0.5, 0.8]);
  });

  it('gives equal revenues the best tier any of them would get', () => {
    // Ranked alone, the second 300 would start at 0.5 and the third at 0.8.
    expect(tiersOf([300, 300, 300, 100])).toEqual(['A', 'A', 'A', 'C']);
    // Alone, the second 200 would be B (0.6) and the second 100 C (0.9).
    expect(tiersOf([400, 200, 200, 100, 100])).toEqual(['A', 'A', 'A', 'B', 'B']);
  });

  it('makes zero revenue C, and everyone C when the total is zero', () => {
    expect(tiersOf([0, 0, 0])).toEqual(['C', 'C', 'C']);
    expect(tiersOf([100, 0])).toEqual(['A', 'C']);
  });

  it('orders equal revenues by customer id so the ranking is stable', () => {
    const ranked = assignTiers(
      [
        { customerId: 'b', revenue: 10n },
        { customerId: 'a', revenue: 10n },
      ],
      rule,
    );
    expect(ranked.map((assignment) => assignment.customerId)).toEqual(['a', 'b']);
  });

  it('reports the mix by count and revenue and flags a skewed one', () => {
    const mix = tierMix(
      assignTiers(
        [400, 200, 150, 100, 60].map((revenue, i) => ({
          customerId: `${i}`,
          revenue: BigInt(revenue),
        })),
        rule,
      ),
      healthy,
    );
    expect(mix.counts).toEqual({ A: 2, B: 2, C: 1 });
    expect(mix.revenueShares.A).toBeCloseTo(600 / 910);
    expect(mix.skewed).toBe(true);
    /** `count` customers placed in `tier`: the mix by number is what is checked. */
    const placed = (tier: Tier, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        customerId: `${tier.toLowerCase()}${i}`,
        revenue: 0n,
        revenueAbove: 0n,
        tier,
        before: 0,
        rank: 0,
      }));
    const balanced = tierMix([...placed('A', 2), ...placed('B', 4), ...placed('C', 4)], healthy);
    expect(balanced.skewed).toBe(false);
  });
});
