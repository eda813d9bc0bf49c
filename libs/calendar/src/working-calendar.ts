import type { PublicHolidays } from './public-holidays';

/**
 * Time that counts towards an SLA. A business calendar counts only working hours on working
 * days in its time zone (D7: "4 business hours"): the weekly working days, less public holidays,
 * plus the make-up working days (调休) that pay for them; the `always` calendar counts every
 * millisecond. Pure functions over instants; the zone's offset comes from Intl, so DST is handled.
 */
export interface BusinessCalendar {
  readonly kind: 'business';
  readonly timeZone: string;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** Minutes after local midnight: opening and closing time, e.g. 540 and 1080 for 09:00–18:00. */
  readonly opensAt: number;
  readonly closesAt: number;
  readonly publicHolidays: PublicHolidays;
}

export type WorkingCalendar = BusinessCalendar | { readonly kind: 'always' };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** No calendar needs to look further ahead than this to place a deadline. */
const MAX_DAYS = 3660;

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at an instant, in ms (e.g. +8 h for Asia/Shanghai). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(
    parts['year']!,
    parts['month']! - 1,
    parts['day']!,
    parts['hour']!,
    parts['minute']!,
    parts['second']!,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function localDateOf(instant: number, timeZone: string): LocalDate {
  const local = new Date(instant + offsetAt(instant, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** The instant at which the local wall clock shows `minutes` after midnight of `date`. */
function instantAt(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE;
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

const nextDate = (date: LocalDate): LocalDate => {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day) + DAY);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};

const isoWeekday = (date: LocalDate): number => {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
};

const keyOf = (date: LocalDate): string =>
  `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

/** A make-up working day is worked whatever its weekday; a public holiday is off whatever its weekday. */
export function isWorkingDay(calendar: BusinessCalendar, date: LocalDate): boolean {
  const key = keyOf(date);
  if (calendar.publicHolidays.makeUpWorkdays.has(key)) return true;
  if (calendar.publicHolidays.holidays.has(key)) return false;
  return calendar.workingDays.includes(isoWeekday(date));
}

/** The working intervals [start, end) of the calendar, day by day, from the day of `from`. */
function* workingIntervals(
  calendar: BusinessCalendar,
  from: number,
): Generator<readonly [number, number]> {
  let date = localDateOf(from, calendar.timeZone);
  for (let day = 0; day < MAX_DAYS; day += 1, date = nextDate(date)) {
    if (!isWorkingDay(calendar, date)) continue;
    yield [
      instantAt(date, calendar.opensAt, calendar.timeZone),
      instantAt(date, calendar.closesAt, calendar.timeZone),
    ];
  }
}

/** The instant when `durationMs` of working time has passed after `start`. */
export function addWorkingTime(start: Date, durationMs: number, calendar: WorkingCalendar): Date {
  if (calendar.kind === 'always' || durationMs <= 0)
    return new Date(start.getTime() + Math.max(0, durationMs));
  let remaining = durationMs;
  for (const [open, close] of workingIntervals(calendar, start.getTime())) {
    const from = Math.max(open, start.getTime());
    if (from >= close) continue;
    if (close - from >= remaining) return new Date(from + remaining);
    remaining -= close - from;
  }
  throw new Error('the working calendar has no working time');
}

/** Working time between two instants (0 when `to` is not after `from`). */
export function workingTimeBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  if (to <= from) return 0;
  if (calendar.kind === 'always') return to.getTime() - from.getTime();
  let total = 0;
  for (const [open, close] of workingIntervals(calendar, from.getTime())) {
    if (open >= to.getTime()) break;
    total += Math.max(0, Math.min(close, to.getTime()) - Math.max(open, from.getTime()));
  }
  return total;
}
