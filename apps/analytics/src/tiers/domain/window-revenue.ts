/**
 * The incremental form of the revenue ledger as the customer-facts read model keeps it: net revenue
 * per business day (YYYY-MM-DD), summed over the window (fromDay, toDay] in whole UTC days.
 */
const DAY_MS = 86_400_000;

export interface RevenueWindow {
  /** Exclusive: whole UTC days since 1970-01-01. */
  readonly fromDay: number;
  /** Inclusive. */
  readonly toDay: number;
}

/** The window (from, to] in whole UTC days: the last `months` calendar months up to `asOf`. */
export function windowDays(asOf: Date, months: number): RevenueWindow {
  const start = new Date(asOf);
  start.setUTCMonth(start.getUTCMonth() - months);
  return {
    fromDay: Math.floor(start.getTime() / DAY_MS),
    toDay: Math.floor(asOf.getTime() / DAY_MS),
  };
}

/** Whether a day key of the read model lies in the window (a key that is no date never does). */
export const dayInWindow = (day: string, window: RevenueWindow): boolean => {
  const index = Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
  return index > window.fromDay && index <= window.toDay;
};

/**
 * Sums in BigInt: the buckets are int64 minor units (ADR 90), read as bigint; a bucket an older
 * driver setting hands back as a number is an integer of minor units all the same.
 */
export function windowRevenue(
  revenueByDay: Readonly<Record<string, bigint | number>> | undefined,
  window: RevenueWindow,
): bigint {
  let sum = 0n;
  for (const [day, amount] of Object.entries(revenueByDay ?? {})) {
    if (dayInWindow(day, window)) sum += BigInt(amount);
  }
  return sum;
}
