/** D3: ABC tiering of customers by their share of revenue. */
export type Tier = 'A' | 'B' | 'C';

export interface TierRule {
  /** A while the revenue of everyone ranked above is below this share of the total (0.55). */
  readonly aBeforeShare: number;
  /** B while below this share (0.85); C otherwise. */
  readonly bBeforeShare: number;
}

export interface CustomerRevenue {
  readonly customerId: string;
  readonly revenue: number;
}

export interface TierAssignment extends CustomerRevenue {
  readonly tier: Tier;
  /** Revenue of all customers ranked above ÷ total revenue (the figure behind the tier). */
  readonly before: number;
  readonly rank: number;
}

const byRevenueThenId = (a: CustomerRevenue, b: CustomerRevenue): number =>
  b.revenue - a.revenue || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

/**
 * 1. rank by revenue, descending, then by customer id;
 * 2. before = revenue of everyone ranked above ÷ total; A if before < aBeforeShare, B if
 *    before < bBeforeShare, else C (the customer that crosses a boundary keeps the better tier);
 * 3. zero revenue (or a zero total) is always C; equal revenues share the best tier among them.
 */
export function assignTiers(customers: readonly CustomerRevenue[], rule: TierRule): TierAssignment[] {
  const ranked = [...customers].sort(byRevenueThenId);
  const total = ranked.reduce((sum, customer) => sum + Math.max(0, customer.revenue), 0);
  const assignments: TierAssignment[] = [];
  let above = 0;
  let previous: TierAssignment | undefined;
  ranked.forEach((customer, index) => {
    const before = total > 0 ? above / total : 1;
    const tier: Tier =
      customer.revenue <= 0 || total <= 0
        ? 'C'
        : previous !== undefined && previous.revenue === customer.revenue
          ? previous.tier
          : before < rule.aBeforeShare
            ? 'A'
            : before < rule.bBeforeShare
              ? 'B'
              : 'C';
    previous = { ...customer, tier, before, rank: index + 1 };
    assignments.push(previous);
    above += Math.max(0, customer.revenue);
  });
  return assignments;
}

export interface TierMix {
  readonly counts: Record<Tier, number>;
  readonly countShares: Record<Tier, number>;
  readonly revenue: Record<Tier, number>;
  readonly revenueShares: Record<Tier, number>;
  /** True when a tier's share of the count is further than the tolerance from the healthy mix. */
  readonly skewed: boolean;
}

export interface HealthyMix {
  readonly shares: Record<Tier, number>;
  readonly tolerance: number;
}

const TIERS: readonly Tier[] = ['A', 'B', 'C'];

/** D3.4: the actual mix by count and revenue, flagged when it is far from the healthy one. */
export function tierMix(assignments: readonly TierAssignment[], healthy: HealthyMix): TierMix {
  const counts = { A: 0, B: 0, C: 0 };
  const revenue = { A: 0, B: 0, C: 0 };
  for (const assignment of assignments) {
    counts[assignment.tier] += 1;
    revenue[assignment.tier] += Math.max(0, assignment.revenue);
  }
  const totalCount = assignments.length;
  const totalRevenue = revenue.A + revenue.B + revenue.C;
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
  const countShares = { A: share(counts.A, totalCount), B: share(counts.B, totalCount), C: share(counts.C, totalCount) };
  return {
    counts,
    countShares,
    revenue,
    revenueShares: {
      A: share(revenue.A, totalRevenue),
      B: share(revenue.B, totalRevenue),
      C: share(revenue.C, totalRevenue),
    },
    skewed:
      totalCount > 0 &&
      TIERS.some((tier) => Math.abs(countShares[tier] - healthy.shares[tier]) > healthy.tolerance),
  };
}
