/**
 * The reference model of D6's CSI for scores given at (nearly) the same moment, written from the
 * rule: each 1–5 score maps to 0–100 (1 → 0, 3 → 50, 5 → 100); the CSI is their recency-weighted
 * mean, which for scores of one day is their plain mean. Below a floor of 60 the customer is at
 * risk (early warning). Exact: the mean is kept as a fraction, rounded half up to hundredths.
 */
export const CSI_FLOOR = 60n;

export interface ReferenceCsi {
  /** The CSI in hundredths (6250 = 62.5), rounded half up. */
  readonly hundredths: bigint;
  /** Below the floor; null where the mean is exactly the floor (recency weighting decides). */
  readonly atRisk: boolean | null;
}

export function referenceCsi(scores: readonly number[]): ReferenceCsi | null {
  if (scores.length === 0) return null;
  const n = BigInt(scores.length);
  const sum = scores.reduce((total, score) => total + BigInt(score - 1) * 25n, 0n);
  const hundredths = (2n * sum * 100n + n) / (2n * n);
  const floorTimesN = CSI_FLOOR * n;
  return { hundredths, atRisk: sum === floorTimesN ? null : sum < floorTimesN };
}
