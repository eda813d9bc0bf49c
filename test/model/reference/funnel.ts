import { majorText, roundHalfEven, type Currency } from './money';

/**
 * The reference model of D10 (docs/domain.md, ADR 127), written from the rule: the forecast of a
 * period, per currency and never across currencies, is the revenue won in it plus Σ amount × the
 * win rate of its stage over the open opportunities expected to close in it; an open opportunity
 * whose expected close date has passed is overdue and also counts in the current period, flagged.
 * Exact: amounts in minor units, win rates in whole percent, the weighted sum rounded half to even
 * once per currency.
 */
export const STAGE_WIN_RATE_PERCENT = [5n, 10n, 20n, 30n, 50n, 80n] as const;

export interface ModelOpportunity {
  readonly currency: Currency;
  readonly minor: bigint;
  /** YYYY-MM-DD. */
  readonly expectedCloseDate: string;
  /** Index into the open stages (lead … negotiation). */
  readonly stage: number;
  readonly status: 'open' | 'won' | 'lost';
  /** YYYY-MM the opportunity was won in. */
  readonly wonMonth?: string;
}

export interface CurrencyFigures {
  readonly currency: string;
  readonly closedRevenue: string;
  readonly weightedPipeline: string;
  readonly forecast: string;
  readonly openAmount: string;
  readonly openOpportunities: number;
  readonly overdueOpportunities: number;
}

/** Each currency's figures for `period` (YYYY-MM) on `today` (YYYY-MM-DD), currencies in order. */
export function referenceForecast(
  opportunities: readonly ModelOpportunity[],
  period: string,
  today: string,
): CurrencyFigures[] {
  const currentPeriod = today.slice(0, 7);
  const won = opportunities.filter((o) => o.status === 'won' && o.wonMonth === period);
  const open = opportunities.filter(
    (o) =>
      o.status === 'open' &&
      (o.expectedCloseDate.slice(0, 7) === period ||
        (period === currentPeriod && o.expectedCloseDate < today)),
  );
  const currencies = [...new Set([...won, ...open].map((o) => o.currency))].sort();
  return currencies.map((currency) => {
    const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n);
    const closed = sum(won.filter((o) => o.currency === currency).map((o) => o.minor));
    const mine = open.filter((o) => o.currency === currency);
    const weightedTimesHundred = sum(mine.map((o) => o.minor * STAGE_WIN_RATE_PERCENT[o.stage]!));
    const weighted = roundHalfEven(weightedTimesHundred, 100n);
    return {
      currency,
      closedRevenue: majorText(closed, currency),
      weightedPipeline: majorText(weighted, currency),
      forecast: majorText(closed + weighted, currency),
      openAmount: majorText(sum(mine.map((o) => o.minor)), currency),
      openOpportunities: mine.length,
      overdueOpportunities: mine.filter((o) => o.expectedCloseDate < today).length,
    };
  });
}
