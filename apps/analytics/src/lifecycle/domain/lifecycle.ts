/** D5: how far a customer has drifted, from its own purchase rhythm. */
export type LifecycleStage =
  'prospect' | 'new' | 'active' | 'drowsy' | 'half_asleep' | 'dormant' | 'lost';

export interface LifecycleRule {
  /** Usual purchase interval when a customer has fewer than two purchases (30 days). */
  readonly defaultIntervalDays: number;
  /** Multiples of the interval since the last purchase: drowsy 2, half-asleep 4, dormant 6, lost 12. */
  readonly drowsyAfter: number;
  readonly halfAsleepAfter: number;
  readonly dormantAfter: number;
  readonly lostAfter: number;
}

const DAY_MS = 86_400_000;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The median gap between purchases, in days (the default when it cannot be known). */
export function usualIntervalDays(purchaseDays: readonly Date[], rule: LifecycleRule): number {
  const times = [...new Set(purchaseDays.map((date) => date.getTime()))].sort((a, b) => a - b);
  if (times.length < 2) return rule.defaultIntervalDays;
  const gaps = times.slice(1).map((time, index) => (time - times[index]!) / DAY_MS);
  return Math.max(median(gaps), 1);
}

export interface LifecycleAssessment {
  readonly stage: LifecycleStage;
  readonly intervalDays: number;
  readonly daysSinceLastPurchase: number | null;
}

/**
 * prospect (never bought) → new (one purchase) → active; then drowsy beyond 2× the usual interval,
 * half-asleep beyond 4×, dormant beyond 6×, lost beyond 12× or when marked lost.
 */
export function assessLifecycle(
  purchaseDates: readonly Date[],
  asOf: Date,
  rule: LifecycleRule,
  markedLost = false,
): LifecycleAssessment {
  // The stage on a date knows nothing of what was bought after it.
  const known = purchaseDates.filter((date) => date.getTime() <= asOf.getTime());
  const intervalDays = usualIntervalDays(known, rule);
  const last = known.reduce<number | null>(
    (latest, date) => (latest === null || date.getTime() > latest ? date.getTime() : latest),
    null,
  );
  const daysSinceLastPurchase = last === null ? null : (asOf.getTime() - last) / DAY_MS;
  const stage = ((): LifecycleStage => {
    if (markedLost) return 'lost';
    if (daysSinceLastPurchase === null) return 'prospect';
    const multiple = daysSinceLastPurchase / intervalDays;
    if (multiple > rule.lostAfter) return 'lost';
    if (multiple > rule.dormantAfter) return 'dormant';
    if (multiple > rule.halfAsleepAfter) return 'half_asleep';
    if (multiple > rule.drowsyAfter) return 'drowsy';
    return new Set(known.map((date) => date.getTime())).size === 1 ? 'new' : 'active';
  })();
  return { stage, intervalDays, daysSinceLastPurchase };
}

/** One purchase as the lifecycle sees it: its business day and what is left of it after refunds. */
export interface KeptPurchase {
  readonly day: string;
  /** Booked minus refunded, in minor units of the company currency. */
  readonly netMinor: bigint | number;
}

/**
 * The days that count as buying (D5): a purchase refunded in full is no purchase, so it neither
 * keeps a customer active nor shortens its rhythm. Days known only as days (recorded before
 * purchases were kept one by one, or carried over by a merge net of refunds) still count.
 */
export function buyingDays(
  purchases: Readonly<Record<string, KeptPurchase>> | undefined,
  days: readonly string[] | undefined,
): string[] {
  const kept = Object.values(purchases ?? {});
  const withPurchase = new Set(kept.map((purchase) => purchase.day));
  const bought = new Set(kept.filter((purchase) => purchase.netMinor > 0n).map((p) => p.day));
  for (const day of days ?? []) if (!withPurchase.has(day)) bought.add(day);
  return [...bought].sort();
}

/**
 * D5 "marked lost" holds until the customer buys again: a purchase on the business day of the
 * marking or later reverses it (purchases are known by day; a back-dated import of older ones
 * does not reverse it).
 */
export function stillMarkedLost(
  markedAt: Date | undefined,
  purchaseDates: readonly Date[],
): boolean {
  if (markedAt === undefined) return false;
  const markedDay = Math.floor(markedAt.getTime() / DAY_MS) * DAY_MS;
  return !purchaseDates.some((date) => date.getTime() >= markedDay);
}
