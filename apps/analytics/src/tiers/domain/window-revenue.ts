/**
 * The incremental form of the revenue ledger as the customer-facts read model keeps it: net revenue
 * per business day (YYYY-MM-DD), summed over the window (fromDay, toDay] in whole UTC days.
 */
const DAY_MS = 86_400_000;

export const cents = (value: number): number => Math.round(value * 100) / 100;

export function windowRevenue(
  revenueByDay: Readonly<Record<string, number>> | undefined,
  window: { fromDay: number; toDay: number },
): number {
  let sum = 0;
  for (const [day, amount] of Object.entries(revenueByDay ?? {})) {
    const index = Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
    if (index > window.fromDay && index <= window.toDay) sum += amount;
  }
  return cents(sum);
}
