/**
 * The reference model of D6's loyalty figures as ADR 142 settles them, written from the rule: over
 * each customer's buying days (purchases not refunded in full; see the ledger's `buyingDays`),
 * - active in a period: a buying day in it;
 * - a repeat customer: active, with two or more distinct buying days up to the period's end;
 * - retained: a buying day in the base period (the one just before) and in this one;
 * - tenure: whole days from the first buying day ever to the period's end, the median of the
 *   active customers' (the mean of the middle two for an even count) and a count per bucket.
 * Periods: a calendar month after the month before it, or the twelve months ending on a day (the
 * days after the same date a year earlier; 29 February a year back is 28 February) after the
 * twelve before. Rates are fractions rounded to four places, null over nobody.
 */
export interface ModelPeriod {
  readonly from: string;
  readonly to: string;
}

export interface ModelPeriods {
  readonly period: ModelPeriod;
  readonly previous: ModelPeriod;
}

/** The day `n` days after `day` (negative: before), both YYYY-MM-DD. */
const addDays = (day: string, n: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
};

/** The same date one year earlier; 29 February becomes 28 February. */
const yearEarlier = (day: string): string => {
  const year = Number(day.slice(0, 4)) - 1;
  const monthDay = day.slice(5) === '02-29' ? '02-28' : day.slice(5);
  return `${year}-${monthDay}`;
};

export function referenceTwelveMonths(end: string): ModelPeriods {
  const start = yearEarlier(end);
  return {
    period: { from: addDays(start, 1), to: end },
    previous: { from: addDays(yearEarlier(start), 1), to: start },
  };
}

export function referenceMonth(month: string): ModelPeriods {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const [previousYear, previousMonth] = number === 1 ? [year - 1, 12] : [year, number - 1];
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    period: { from: `${month}-01`, to: `${month}-${pad(lastDay(year, number))}` },
    previous: {
      from: `${previousYear}-${pad(previousMonth)}-01`,
      to: `${previousYear}-${pad(previousMonth)}-${pad(lastDay(previousYear, previousMonth))}`,
    },
  };
}

/**
 * ADR 142's buckets, as documented for `LOYALTY_TENURE_BUCKET_DAYS` (docs/services/analytics.md),
 * whose defaults the suite's analytics runs with.
 */
export const MODEL_TENURE_BUCKETS: readonly (readonly [string, number])[] = [
  // [key, first day of the next bucket]
  ['under_3_months', 90],
  ['3_to_12_months', 365],
  ['1_to_2_years', 730],
  ['2_to_5_years', 1825],
  ['over_5_years', Number.POSITIVE_INFINITY],
];

export interface ModelLoyalty {
  readonly activeCustomers: number;
  readonly repeatCustomers: number;
  readonly repeatPurchaseRate: number | null;
  readonly previousCustomers: number;
  readonly retainedCustomers: number;
  readonly retentionRate: number | null;
  readonly tenure: { readonly medianDays: number | null; readonly buckets: Record<string, number> };
}

const daysFrom = (from: string, to: string): number =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** Four places, from the exact fraction: ten-thousandths rounded half up. */
const fraction = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.floor((part * 10_000 * 2 + whole) / (2 * whole)) / 10_000;

export function referenceLoyalty(
  customers: readonly (readonly string[])[],
  { period, previous }: ModelPeriods,
): ModelLoyalty {
  const inside = (day: string, p: ModelPeriod) => p.from <= day && day <= p.to;
  let active = 0;
  let repeat = 0;
  let before = 0;
  let retained = 0;
  const tenures: number[] = [];
  const buckets: Record<string, number> = Object.fromEntries(
    MODEL_TENURE_BUCKETS.map(([key]) => [key, 0]),
  );
  for (const days of customers) {
    const upToEnd = [...new Set(days)].filter((day) => day <= period.to);
    const isActive = upToEnd.some((day) => inside(day, period));
    const wasActive = upToEnd.some((day) => inside(day, previous));
    if (wasActive) before += 1;
    if (!isActive) continue;
    active += 1;
    if (upToEnd.length > 1) repeat += 1;
    if (wasActive) retained += 1;
    const first = upToEnd.reduce((a, b) => (a < b ? a : b));
    const tenure = daysFrom(first, period.to);
    tenures.push(tenure);
    buckets[MODEL_TENURE_BUCKETS.find(([, next]) => tenure < next)![0]]! += 1;
  }
  tenures.sort((a, b) => a - b);
  const half = Math.floor(tenures.length / 2);
  return {
    activeCustomers: active,
    repeatCustomers: repeat,
    repeatPurchaseRate: fraction(repeat, active),
    previousCustomers: before,
    retainedCustomers: retained,
    retentionRate: fraction(retained, before),
    tenure: {
      medianDays:
        tenures.length === 0
          ? null
          : tenures.length % 2 === 1
            ? tenures[half]!
            : (tenures[half - 1]! + tenures[half]!) / 2,
      buckets,
    },
  };
}
