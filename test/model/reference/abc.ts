/**
 * The reference model of D3 (docs/domain.md), written from the rule: rank by window revenue (ties
 * by customer id), share before = revenue of everyone ranked above ÷ total; A below 55 %, B below
 * 85 %, else C; no revenue → C; total zero → all C; equal revenue shares the best tier any of the
 * equals would get. Exact: shares are compared as integer cross-products, never as floats.
 */
export type Tier = 'A' | 'B' | 'C';

export interface TierBoundaries {
  /** Boundaries as percentages (55, 85), so comparisons stay in integers. */
  readonly aBelowPercent: bigint;
  readonly bBelowPercent: bigint;
}

export const DEFAULT_BOUNDARIES: TierBoundaries = { aBelowPercent: 55n, bBelowPercent: 85n };

export function referenceTiers(
  revenues: ReadonlyMap<string, bigint>,
  boundaries: TierBoundaries = DEFAULT_BOUNDARIES,
): Map<string, Tier> {
  const ranked = [...revenues].sort(([idA, a], [idB, b]) =>
    a === b ? (idA < idB ? -1 : idA > idB ? 1 : 0) : a > b ? -1 : 1,
  );
  const total = ranked.reduce((sum, [, revenue]) => sum + (revenue > 0n ? revenue : 0n), 0n);
  const tiers = new Map<string, Tier>();
  const bestOfEqual = new Map<bigint, Tier>();
  let above = 0n;
  for (const [customerId, revenue] of ranked) {
    let tier: Tier = 'C';
    if (total > 0n && revenue > 0n) {
      if (above * 100n < boundaries.aBelowPercent * total) tier = 'A';
      else if (above * 100n < boundaries.bBelowPercent * total) tier = 'B';
    }
    // Ranked highest first: the first of equals has the best tier of them all.
    const shared = bestOfEqual.get(revenue) ?? tier;
    bestOfEqual.set(revenue, shared);
    tiers.set(customerId, shared);
    if (revenue > 0n) above += revenue;
  }
  return tiers;
}
