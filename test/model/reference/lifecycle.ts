/**
 * The reference model of D5 (docs/domain.md), written from the rule: a customer's usual purchase
 * interval is the median gap between its buying days (30 days while fewer than two are known, one
 * day at the least); beyond 2× that interval since the last buying day it is drowsy, beyond 4×
 * half-asleep, beyond 6× dormant, beyond 12× lost. One buying day: new; none: prospect. A purchase
 * refunded in full is no purchase. Exact: days are counted in milliseconds and compared as integer
 * cross-products with twice the interval, so half-day medians stay whole.
 */
export type Stage = 'prospect' | 'new' | 'active' | 'drowsy' | 'half_asleep' | 'dormant' | 'lost';

export interface StageMultiples {
  readonly drowsy: bigint;
  readonly halfAsleep: bigint;
  readonly dormant: bigint;
  readonly lost: bigint;
  readonly defaultIntervalDays: bigint;
}

export const DEFAULT_MULTIPLES: StageMultiples = {
  drowsy: 2n,
  halfAsleep: 4n,
  dormant: 6n,
  lost: 12n,
  defaultIntervalDays: 30n,
};

const DAY_MS = 86_400_000n;
const msOf = (day: string): bigint => BigInt(Date.parse(`${day}T00:00:00Z`));

/** Twice the usual interval in days: the median of an even count is a half-day at most. */
function twiceIntervalDays(buyingDays: readonly string[], multiples: StageMultiples): bigint {
  const times = [...new Set(buyingDays)].map(msOf).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (times.length < 2) return 2n * multiples.defaultIntervalDays;
  const gaps = times
    .slice(1)
    .map((time, index) => (time - times[index]!) / DAY_MS)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const middle = Math.floor(gaps.length / 2);
  const twiceMedian =
    gaps.length % 2 === 1 ? 2n * gaps[middle]! : gaps[middle - 1]! + gaps[middle]!;
  return twiceMedian < 2n ? 2n : twiceMedian;
}

/** The stage at `asOfMs` of a customer that bought on `buyingDays` (YYYY-MM-DD, UTC). */
export function referenceStage(
  buyingDays: readonly string[],
  asOfMs: bigint,
  multiples: StageMultiples = DEFAULT_MULTIPLES,
): Stage {
  const known = [...new Set(buyingDays)].filter((day) => msOf(day) <= asOfMs);
  if (known.length === 0) return 'prospect';
  const last = known.map(msOf).reduce((a, b) => (a > b ? a : b));
  // since / interval > k  ⇔  2 · since > k · (2 · interval), both sides in milliseconds.
  const twiceSince = 2n * (asOfMs - last);
  const twiceInterval = twiceIntervalDays(known, multiples) * DAY_MS;
  const beyond = (multiple: bigint) => twiceSince > multiple * twiceInterval;
  if (beyond(multiples.lost)) return 'lost';
  if (beyond(multiples.dormant)) return 'dormant';
  if (beyond(multiples.halfAsleep)) return 'half_asleep';
  if (beyond(multiples.drowsy)) return 'drowsy';
  return known.length === 1 ? 'new' : 'active';
}
