/** D10: the sales funnel forecast. */
export interface OpenOpportunity {
  readonly amount: number;
  /** Index into the stage win rates (0 = first stage). */
  readonly stage: number;
}

/**
 * Forecast = revenue already closed in the period + Σ amount × win rate of the stage.
 * Rounded to cents once, at the end.
 */
export function forecast(
  closedRevenue: number,
  open: readonly OpenOpportunity[],
  stageWinRates: readonly number[],
): { weightedPipeline: number; forecast: number; openAmount: number } {
  let weighted = 0;
  let openAmount = 0;
  for (const opportunity of open) {
    const rate = stageWinRates[opportunity.stage];
    if (rate === undefined) throw new RangeError(`no stage ${opportunity.stage}`);
    weighted += opportunity.amount * rate;
    openAmount += opportunity.amount;
  }
  const cents = (value: number) => Math.round(value * 100) / 100;
  return {
    weightedPipeline: cents(weighted),
    forecast: cents(closedRevenue + weighted),
    openAmount: cents(openAmount),
  };
}
