import { DateTime, IANAZone } from 'luxon';

/**
 * Calendar days in an IANA time zone (a rep's, a service desk's), on Luxon: where a day begins and
 * ends, which day an instant falls on, day and month arithmetic. Days are ISO dates (YYYY-MM-DD).
 */

export const isTimeZone = (value: string): boolean => IANAZone.isValidZone(value);

const dayIn = (date: string, timeZone: string): DateTime =>
  DateTime.fromISO(date, { zone: timeZone }).startOf('day');

/** The instant a calendar day begins in the zone. */
export const startOfDay = (date: string, timeZone: string): Date =>
  dayIn(date, timeZone).toJSDate();

/** The instant a calendar day ends (the next day begins) in the zone. */
export const endOfDay = (date: string, timeZone: string): Date =>
  dayIn(date, timeZone).plus({ days: 1 }).toJSDate();

/** The calendar day an instant falls on in the zone. */
export const dayOf = (instant: Date | number, timeZone: string): string =>
  (typeof instant === 'number'
    ? DateTime.fromMillis(instant, { zone: timeZone })
    : DateTime.fromJSDate(instant, { zone: timeZone })
  ).toISODate()!;

export const addDays = (date: string, days: number): string =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;

export const monthOf = (date: string): string => date.slice(0, 7);

export const daysInMonth = (month: string): number =>
  DateTime.fromISO(`${month}-01`, { zone: 'utc' }).daysInMonth!;

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string): number => DateTime.fromISO(date, { zone: 'utc' }).weekday;

/**
 * The instant the zone's wall clock shows `minutes` after midnight of `date` (1440: the next
 * midnight). A time skipped by a daylight-saving change moves forward, as clocks do.
 */
export const wallClockAt = (date: string, minutes: number, timeZone: string): number =>
  minutes >= 24 * 60
    ? dayIn(date, timeZone).plus({ days: 1 }).toMillis()
    : dayIn(date, timeZone)
        .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
        .toMillis();
