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

const positive = (revenue: bigint): bigint => (revenue > 0n ? revenue : 0n);

/** Shares are compared exactly, in millionths: `part / whole < share` ⇔ `part × 10⁶ < millionths × whole`. */
const PARTS = 1_000_000n;
const millionths = (share: number): bigint => BigInt(Math.round(share * 1_000_000));

/** `part / whole` as a number, for reporting (12 significant decimals). */
export const shareOf = (part: bigint, whole: bigint): number =>
  whole > 0n ? Number((part * 10n ** 12n) / whole) / 1e12 : 0;

/**
 * `shareOf` for 0 ≤ part ≤ whole ≤ 2^53, where both are exact doubles: `part / whole × 10¹²` in
 * doubles is within 3·10⁻⁴ of the exact quotient, so its floor is the exact floor unless it lies
 * that close to an integer — then the division is done in BigInt.
 */
const shareOfSafe = (part: bigint, whole: bigint): number => {
  const scaled = (Number(part) / Number(whole)) * 1e12;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  return fraction > 1e-3 && fraction < 1 - 1e-3 ? floor / 1e12 : shareOf(part, whole);
};

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
  return rankTiers(
    customers.map((customer) => customer.customerId),
    customers.map((customer) => customer.revenue),
    rule,
  );
}

/**
 * Customer indices by revenue, descending, then by id. The doubles of the revenues are sorted
 * natively and each index placed by binary search; only indices whose doubles are equal are then
 * compared exactly (bigint, then id). Rounding to the nearest double never reverses an order, so
 * the ranking is the exact one.
 */
function rankOrder(ids: readonly string[], revenues: readonly bigint[]): Uint32Array {
  const count = ids.length;
  const approximate = new Float64Array(count);
  for (let index = 0; index < count; index += 1) approximate[index] = Number(revenues[index]!);
  const ascending = Float64Array.from(approximate).sort();
  const order = new Uint32Array(count);
  // placed[start]: how many of the indices sharing the double at rank `start` are placed.
  const placed = new Uint32Array(count);
  for (let index = 0; index < count; index += 1) {
    const value = approximate[index]!;
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ascending[middle]! > value) high = middle;
      else low = middle + 1;
    }
    // `count - low` revenues are greater: this double's indices start there.
    const start = count - low;
    order[start + placed[start]!] = index;
    placed[start] = placed[start]! + 1;
  }
  const exactly = (a: number, b: number): number => {
    const revenueA = revenues[a]!;
    const revenueB = revenues[b]!;
    if (revenueA !== revenueB) return revenueA > revenueB ? -1 : 1;
    const idA = ids[a]!;
    const idB = ids[b]!;
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
  for (let start = 0; start < count;) {
    const size = placed[start]!;
    if (size > 16) {
      order.set(Array.from(order.subarray(start, start + size)).sort(exactly), start);
    } else {
      // Ties are mostly pairs and small groups: an insertion sort in place, no sort call.
      for (let next = start + 1; next < start + size; next += 1) {
        const index = order[next]!;
        let slot = next;
        while (slot > start && exactly(order[slot - 1]!, index) > 0) {
          order[slot] = order[slot - 1]!;
          slot -= 1;
        }
        order[slot] = index;
      }
    }
    start += size;
  }
  return order;
}

/**
 * `assignTiers` on parallel columns (customer i is `ids[i]` with `revenues[i]`), the form a
 * recomputation over every customer builds without an object per customer.
 */
export function rankTiers(
  ids: readonly string[],
  revenues: readonly bigint[],
  rule: TierRule,
): TierAssignment[] {
  const count = ids.length;
  let total = 0n;
  for (let index = 0; index < count; index += 1) {
    const revenue = revenues[index]!;
    if (revenue > 0n) total += revenue;
  }
  const order = rankOrder(ids, revenues);
  // `above × 10⁶ < limit` is `above / total < share`, with the product by total done once.
  const aLimit = millionths(rule.aBeforeShare) * total;
  const bLimit = millionths(rule.bBeforeShare) * total;
  const assignments = new Array<TierAssignment>(count);
  let above = 0n;
  let previousRevenue: bigint | undefined;
  let previousTier: Tier = 'C';
  // `above` only grows: once past the B boundary, every later customer is C.
  let pastB = false;
  // Everyone after the last positive revenue has the same figure above them: one division.
  let beforeOf: bigint | undefined;
  let before = 1;
  // Totals up to 2^53 minor units (90 trillion in a two-decimal currency) take the double path.
  const share = total <= BigInt(Number.MAX_SAFE_INTEGER) ? shareOfSafe : shareOf;
  for (let rank = 0; rank < count; rank += 1) {
    const index = order[rank]!;
    const revenue = revenues[index]!;
    if (total > 0n && above !== beforeOf) {
      before = share(above, total);
      beforeOf = above;
    }
    let tier: Tier;
    if (revenue <= 0n || total <= 0n) tier = 'C';
    else if (previousRevenue === revenue) tier = previousTier;
    else if (pastB) tier = 'C';
    else {
      const scaled = above * PARTS;
      tier = scaled < aLimit ? 'A' : scaled < bLimit ? 'B' : 'C';
      pastB = tier === 'C';
    }
    assignments[rank] = {
      customerId: ids[index]!,
      revenue,
      tier,
      before,
      revenueAbove: above,
      rank: rank + 1,
    };
    previousRevenue = revenue;
    previousTier = tier;
    if (revenue > 0n) above += revenue;
  }
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
