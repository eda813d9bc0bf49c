import { DateTime } from 'luxon';

/** `YYYY-MM-DD` of today in a time zone (the user's: the day the user is living). */
export const todayIn = (timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(new Date());

/** `YYYY-MM` of today in a time zone: the month whose plan a page asks for by default. */
export const monthIn = (timeZone: string): string => todayIn(timeZone).slice(0, 7);

/**
 * The instants that bound the next `days` days in a time zone, today included: from the start of
 * today where the user lives to the start of the day after the last.
 */
export const daysAheadIn = (timeZone: string, days: number): { from: string; to: string } => {
  const today = DateTime.now().setZone(timeZone).startOf('day');
  return { from: today.toISO()!, to: today.plus({ days }).toISO()! };
};
