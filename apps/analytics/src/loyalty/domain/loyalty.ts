/**
 * D6 loyalty figures (ADR 142): repeat-purchase rate, tenure and retention over a period, from each
 * customer's buying days (business days, UTC, of purchases not refunded in full: D5's `buyingDays`).
 * Days are `YYYY-MM-DD` strings, so they compare as text.
 */

/** Days from `from` to `to`, both included. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface LoyaltyPeriods {
  readonly period: Period;
  /** The period of the same length just before: retention's base. */
  readonly previous: Period;
}

const DAY_MS = 86_400_000;
const msOf = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const dayAt = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  Math.round((msOf(to) - msOf(from)) / DAY_MS);

/** The same day `months` calendar months earlier, clamped to that month's last day (29 Feb → 28 Feb). */
export function monthsBefore(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(Math.min(date, lastDay)).padStart(2, '0')}`;
}

/** A calendar month `YYYY-MM`; the previous calendar month before it. */
export function monthPeriods(month: string): LoyaltyPeriods {
  const first = `${month}-01`;
  const nextFirst = monthsBefore(first, -1);
  const previousFirst = monthsBefore(first, 1);
  return {
    period: { from: first, to: dayAt(msOf(nextFirst) - DAY_MS) },
    previous: { from: previousFirst, to: dayAt(msOf(first) - DAY_MS) },
  };
}

/**
 * The twelve months ending on `end` (D3's window): the days after the same date a year earlier up
 * to `end`; the previous twelve months before them.
 */
export function twelveMonthPeriods(end: string): LoyaltyPeriods {
  const yearBefore = monthsBefore(end, 12);
  const twoYearsBefore = monthsBefore(end, 24);
  return {
    period: { from: dayAt(msOf(yearBefore) + DAY_MS), to: end },
    previous: { from: dayAt(msOf(twoYearsBefore) + DAY_MS), to: yearBefore },
  };
}

/** Tenure buckets, youngest first: the keys the API answers (named after the default bounds). */
export const TENURE_BUCKETS = [
  'under_3_months',
  '3_to_12_months',
  '1_to_2_years',
  '2_to_5_years',
  'over_5_years',
] as const;
export type TenureBucket = (typeof TENURE_BUCKETS)[number];

export interface LoyaltyRule {
  /**
   * Where each tenure bucket after the first begins, in days since the first buying day, strictly
   * increasing (90, 365, 730, 1825): a bucket holds [its bound, the next bound).
   */
  readonly tenureBucketDays: readonly [number, number, number, number];
}

export interface LoyaltyFigures {
  /** Customers with a buying day in the period. */
  readonly activeCustomers: number;
  /** Of those, the ones with at least two buying days up to the period's end. */
  readonly repeatCustomers: number;
  /** repeatCustomers ÷ activeCustomers, 0–1 to four places (null: no active customer). */
  readonly repeatPurchaseRate: number | null;
  /** Customers with a buying day in the previous period. */
  readonly previousCustomers: number;
  /** Of those, the ones with a buying day in the period too. */
  readonly retainedCustomers: number;
  /** retainedCustomers ÷ previousCustomers, 0–1 to four places (null: nobody bought before). */
  readonly retentionRate: number | null;
  readonly tenure: {
    /** Median days from an active customer's first buying day to the period's end (null: none). */
    readonly medianDays: number | null;
    readonly buckets: Record<TenureBucket, number>;
  };
}

// part × 10,000 ÷ whole is one correctly rounded division: an exact half stays a half, rounded up.
const rate = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part * 10_000) / whole) / 10_000;

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const within = (day: string, period: Period): boolean => day >= period.from && day <= period.to;

/**
 * The figures of a set of customers, each given as its buying days. A customer is active when it
 * bought in the period; a repeat customer when it had also bought on another day by the period's
 * end (before the period or within it); retained when it bought in the previous period and in this
 * one. Tenure counts from the first buying day ever to the period's end.
 */
export function loyaltyFigures(
  customers: Iterable<readonly string[]>,
  { period, previous }: LoyaltyPeriods,
  rule: LoyaltyRule,
): LoyaltyFigures {
  let active = 0;
  let repeat = 0;
  let before = 0;
  let retained = 0;
  const tenures: number[] = [];
  const buckets = Object.fromEntries(TENURE_BUCKETS.map((bucket) => [bucket, 0])) as Record<
    TenureBucket,
    number
  >;
  for (const days of customers) {
    const known = [...new Set(days)].filter((day) => day <= period.to).sort();
    const boughtNow = known.some((day) => within(day, period));
    const boughtBefore = known.some((day) => within(day, previous));
    if (boughtBefore) before += 1;
    if (!boughtNow) continue;
    active += 1;
    if (known.length >= 2) repeat += 1;
    if (boughtBefore) retained += 1;
    const tenure = daysBetween(known[0]!, period.to);
    tenures.push(tenure);
    // The bucket after every bound the tenure has reached.
    const reached = rule.tenureBucketDays.filter((bound) => tenure >= bound).length;
    buckets[TENURE_BUCKETS[reached]!] += 1;
  }
  return {
    activeCustomers: active,
    repeatCustomers: repeat,
    repeatPurchaseRate: rate(repeat, active),
    previousCustomers: before,
    retainedCustomers: retained,
    retentionRate: rate(retained, before),
    tenure: { medianDays: median(tenures), buckets },
  };
}
