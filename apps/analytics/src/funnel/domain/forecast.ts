import { divideHalfEven, formatMajor, toMajorNumber, type Money } from '@crm/contracts';

/** D10: the sales funnel forecast. */
export interface OpenOpportunity {
  readonly amount: Money;
  /** Index into the stage win rates (0 = first stage). */
  readonly stage: number;
  /** Its expected close date has passed and it is still open: it stays in, flagged (ADR 127). */
  readonly overdue: boolean;
}

/** One currency's forecast: never summed with another currency (ADR 127). */
export interface CurrencyForecast {
  readonly currency: string;
  readonly closedRevenue: number;
  readonly weightedPipeline: number;
  readonly forecast: number;
  readonly openAmount: number;
  readonly openOpportunities: number;
  readonly overdue: { readonly opportunities: number; readonly amount: number };
  /** The same figures exact, in major units as decimal strings. */
  readonly exact: {
    readonly closedRevenue: string;
    readonly weightedPipeline: string;
    readonly forecast: string;
    readonly openAmount: string;
  };
}

/** Win rates (0–1) as basis points, so the weighting stays in integers. */
const BASIS = 10_000n;
const basisPoints = (rate: number): bigint => BigInt(Math.round(rate * 10_000));

/**
 * Forecast = revenue already closed in the period + Σ amount × win rate of the stage (D10), per
 * currency, in BigInt minor units; the weighted sum is rounded half to even once, at the end.
 */
export function forecast(
  won: readonly Money[],
  open: readonly OpenOpportunity[],
  stageWinRates: readonly number[],
): CurrencyForecast[] {
  const currencies = [...new Set([...won, ...open.map((o) => o.amount)].map((m) => m.currency))];
  return currencies.sort().map((currency) => {
    const closed = won.filter((m) => m.currency === currency).reduce((sum, m) => sum + m.minor, 0n);
    let weightedTimesBasis = 0n;
    let openMinor = 0n;
    let overdueMinor = 0n;
    let openCount = 0;
    let overdueCount = 0;
    for (const opportunity of open) {
      if (opportunity.amount.currency !== currency) continue;
      const rate = stageWinRates[opportunity.stage];
      if (rate === undefined) throw new RangeError(`no stage ${opportunity.stage}`);
      weightedTimesBasis += opportunity.amount.minor * basisPoints(rate);
      openMinor += opportunity.amount.minor;
      openCount += 1;
      if (opportunity.overdue) {
        overdueMinor += opportunity.amount.minor;
        overdueCount += 1;
      }
    }
    const weighted = divideHalfEven(weightedTimesBasis, BASIS);
    const money = (minor: bigint): Money => ({ minor, currency });
    return {
      currency,
      closedRevenue: toMajorNumber(money(closed)),
      weightedPipeline: toMajorNumber(money(weighted)),
      forecast: toMajorNumber(money(closed + weighted)),
      openAmount: toMajorNumber(money(openMinor)),
      openOpportunities: openCount,
      overdue: { opportunities: overdueCount, amount: toMajorNumber(money(overdueMinor)) },
      exact: {
        closedRevenue: formatMajor(money(closed)),
        weightedPipeline: formatMajor(money(weighted)),
        forecast: formatMajor(money(closed + weighted)),
        openAmount: formatMajor(money(openMinor)),
      },
    };
  });
}

/**
 * Whether an open opportunity counts in a period's forecast (ADR 127): one expected to close in the
 * period does; so does, in the current period, one whose expected close date has passed while it
 * is still open (overdue: still in the pipeline, flagged), rather than vanishing from every period.
 */
export function openInPeriod(
  expectedCloseDate: string,
  period: string,
  today: string,
): { readonly counts: boolean; readonly overdue: boolean } {
  const overdue = expectedCloseDate < today;
  const month = expectedCloseDate.slice(0, 7);
  const counts = month === period || (overdue && period === today.slice(0, 7));
  return { counts, overdue };
}
