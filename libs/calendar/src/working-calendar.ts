import { addDays, dayOf, isoWeekday, wallClockAt } from './calendar-days';
import type { PublicHolidays } from './public-holidays';

/**
 * Time that counts towards an SLA. A business calendar counts only working hours on working
 * days in its time zone (D7: "4 business hours"): the weekly working days, less public holidays,
 * plus the make-up working days (调休) that pay for them; the `always` calendar counts every
 * millisecond. Pure functions over instants; the zone's days come from calendar-days (Luxon), so
 * daylight-saving changes are handled.
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

/** No calendar needs to look further ahead than this to place a deadline. */
const MAX_DAYS = 3660;

/** A make-up working day is worked whatever its weekday; a public holiday is off whatever its weekday. */
function isWorkingDay(calendar: BusinessCalendar, date: string): boolean {
  if (calendar.publicHolidays.makeUpWorkdays.has(date)) return true;
  if (calendar.publicHolidays.holidays.has(date)) return false;
  return calendar.workingDays.includes(isoWeekday(date));
}

/** The working intervals [start, end) of the calendar, day by day, from the day of `from`. */
function* workingIntervals(
  calendar: BusinessCalendar,
  from: number,
): Generator<readonly [number, number]> {
  let date = dayOf(from, calendar.timeZone);
  for (let day = 0; day < MAX_DAYS; day += 1, date = addDays(date, 1)) {
    if (!isWorkingDay(calendar, date)) continue;
    yield [
      wallClockAt(date, calendar.opensAt, calendar.timeZone),
      wallClockAt(date, calendar.closesAt, calendar.timeZone),
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
