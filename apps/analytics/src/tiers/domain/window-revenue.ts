/**
 * The incremental form of the revenue ledger as the customer-facts read model keeps it: net revenue
 * per business day (YYYY-MM-DD), summed over the window (fromDay, toDay] in whole UTC days.
 */
const DAY_MS = 86_400_000;

export const cents = (value: number): number => Math.round(value * 100) / 100;

/**
 * Sums in BigInt: the buckets are int64 minor units (ADR 90), read as bigint; a bucket an older
 * driver setting hands back as a number is an integer of minor units all the same.
 */
export function windowRevenue(
  revenueByDay: Readonly<Record<string, bigint | number>> | undefined,
  window: { fromDay: number; toDay: number },
): bigint {
  let sum = 0n;
  for (const [day, amount] of Object.entries(revenueByDay ?? {})) {
    const index = Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
    if (index > window.fromDay && index <= window.toDay) sum += BigInt(amount);
  }
  return sum;
}
