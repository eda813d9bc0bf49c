export const FUND_BANDS = ['key', 'ordinary', 'small'] as const;
export type FundBand = (typeof FUND_BANDS)[number];

export interface FundBandThresholds {
  /** Expected annual purchase from which a customer is `key` (D1 default 500,000). */
  readonly keyFrom: number;
  /** From which it is `ordinary` (D1 default 100,000); below it, `small`. */
  readonly ordinaryFrom: number;
}

/** D1: the fund-size band by expected annual purchase, in the company currency. */
export function fundBandOf(
  expectedAnnualPurchase: number | undefined,
  thresholds: FundBandThresholds,
): FundBand | null {
  if (expectedAnnualPurchase === undefined) return null;
  if (expectedAnnualPurchase >= thresholds.keyFrom) return 'key';
  if (expectedAnnualPurchase >= thresholds.ordinaryFrom) return 'ordinary';
  return 'small';
}
