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
  /** Net revenue in the window, in minor units of the company currency (exact, ADR 90). */
  readonly revenue: bigint;
}

export interface TierAssignment extends CustomerRevenue {
  readonly tier: Tier;
  /** Revenue of all customers ranked above ÷ total revenue (the figure behind the tier). */
  readonly before: number;
  /** Revenue of all customers ranked above, in minor units. */
  readonly revenueAbove: bigint;
  readonly rank: number;
}

const byRevenueThenId = (a: CustomerRevenue, b: CustomerRevenue): number =>
  b.revenue > a.revenue
    ? 1
    : b.revenue < a.revenue
      ? -1
      : a.customerId < b.customerId
        ? -1
        : a.customerId > b.customerId
          ? 1
          : 0;

const positive = (revenue: bigint): bigint => (revenue > 0n ? revenue : 0n);

/** Shares are compared exactly, in millionths: `part / whole < share`. */
const PARTS = 1_000_000n;
const isBelowShare = (part: bigint, whole: bigint, share: number): boolean =>
  part * PARTS < BigInt(Math.round(share * 1_000_000)) * whole;

/** `part / whole` as a number, for reporting (12 significant decimals). */
export const shareOf = (part: bigint, whole: bigint): number =>
  whole > 0n ? Number((part * 10n ** 12n) / whole) / 1e12 : 0;

/**
 * 1. rank by revenue, descending, then by customer id;
 * 2. before = revenue of everyone ranked above ÷ total; A if before < aBeforeShare, B if
 *    before < bBeforeShare, else C (the customer that crosses a boundary keeps the better tier);
 * 3. zero revenue (or a zero total) is always C; equal revenues share the best tier among them.
 */
export function assignTiers(
  customers: readonly CustomerRevenue[],
  rule: TierRule,
): TierAssignment[] {
  const ranked = [...customers].sort(byRevenueThenId);
  const total = ranked.reduce((sum, customer) => sum + positive(customer.revenue), 0n);
  const assignments: TierAssignment[] = [];
  let above = 0n;
  let previous: TierAssignment | undefined;
  ranked.forEach((customer, index) => {
    const before = total > 0n ? shareOf(above, total) : 1;
    const tier: Tier =
      customer.revenue <= 0n || total <= 0n
        ? 'C'
        : previous !== undefined && previous.revenue === customer.revenue
          ? previous.tier
          : isBelowShare(above, total, rule.aBeforeShare)
            ? 'A'
            : isBelowShare(above, total, rule.bBeforeShare)
              ? 'B'
              : 'C';
    previous = { ...customer, tier, before, revenueAbove: above, rank: index + 1 };
    assignments.push(previous);
    above += positive(customer.revenue);
  });
  return assignments;
}

export interface TierMix {
  readonly counts: Record<Tier, number>;
  readonly countShares: Record<Tier, number>;
  /** Minor units of the company currency. */
  readonly revenue: Record<Tier, bigint>;
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
  const revenue = { A: 0n, B: 0n, C: 0n };
  for (const assignment of assignments) {
    counts[assignment.tier] += 1;
    revenue[assignment.tier] += positive(assignment.revenue);
  }
  const totalCount = assignments.length;
  const totalRevenue = revenue.A + revenue.B + revenue.C;
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
  const countShares = {
    A: share(counts.A, totalCount),
    B: share(counts.B, totalCount),
    C: share(counts.C, totalCount),
  };
  return {
    counts,
    countShares,
    revenue,
    revenueShares: {
      A: shareOf(revenue.A, totalRevenue),
      B: shareOf(revenue.B, totalRevenue),
      C: shareOf(revenue.C, totalRevenue),
    },
    skewed:
      totalCount > 0 &&
      TIERS.some((tier) => Math.abs(countShares[tier] - healthy.shares[tier]) > healthy.tolerance),
  };
}
