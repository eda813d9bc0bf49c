import { z } from 'zod';
import chineseDays from 'chinese-days/dist/chinese-days.json';

/** A public holiday's name, in English and Chinese (e.g. Spring Festival, 春节). */
export interface HolidayName {
  readonly en: string;
  readonly zh: string;
}

/**
 * The days a country's law moves: holidays off work, and the make-up working days (调休) that pay
 * for a bridged holiday, usually a Saturday or Sunday. Keyed by local date, `YYYY-MM-DD`.
 */
export interface PublicHolidays {
  readonly holidays: ReadonlyMap<string, HolidayName>;
  readonly makeUpWorkdays: ReadonlyMap<string, HolidayName>;
  /** The years the data covers: outside them only the weekly working days count. */
  readonly years: readonly number[];
}

export const NO_PUBLIC_HOLIDAYS: PublicHolidays = {
  holidays: new Map(),
  makeUpWorkdays: new Map(),
  years: [],
};

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const entry = z
  .object({
    from: localDate,
    to: localDate.optional(),
    en: z.string().trim().min(1).max(100),
    zh: z.string().trim().min(1).max(100),
  })
  .strict()
  .refine((day) => day.to === undefined || day.from <= day.to, 'from must not be after to');

/**
 * Year data a deployment supplies (a year the library does not know yet, or a correction): a year
 * listed here replaces the library's data for that whole year.
 */
export const holidayYearsSchema = z.record(
  z.string().regex(/^\d{4}$/, 'must be a year such as 2027'),
  z
    .object({
      holidays: z.array(entry).default([]),
      makeUpWorkdays: z.array(entry).default([]),
    })
    .strict(),
);

export type HolidayYears = z.infer<typeof holidayYearsSchema>;

const DAY = 86_400_000;

function* datesOf(from: string, to: string): Generator<string> {
  for (
    let day = Date.parse(`${from}T00:00:00Z`);
    day <= Date.parse(`${to}T00:00:00Z`);
    day += DAY
  ) {
    yield new Date(day).toISOString().slice(0, 10);
  }
}

/** chinese-days writes each day as `English name,中文名,days off`. */
function nameOf(description: string): HolidayName {
  const [en = '', zh = ''] = description.split(',');
  return { en, zh };
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * China's public holidays and make-up working days as the State Council publishes them each year,
 * from the maintained `chinese-days` data, with the deployment's own years laid over it.
 */
export const chinesePublicHolidays = (extra: HolidayYears = {}): PublicHolidays =>
  layered(chineseDays, extra);

/** Only the deployment's own years (a country the library does not cover, or none at all). */
export const configuredPublicHolidays = (extra: HolidayYears): PublicHolidays =>
  layered({ holidays: {}, workdays: {} }, extra);

function layered(
  base: { holidays: Record<string, string>; workdays: Record<string, string> },
  extra: HolidayYears,
): PublicHolidays {
  const replaced = new Set(Object.keys(extra).map(Number));
  const holidays = new Map<string, HolidayName>();
  const makeUpWorkdays = new Map<string, HolidayName>();
  const years = new Set<number>();
  for (const [date, description] of Object.entries(base.holidays)) {
    if (replaced.has(yearOf(date))) continue;
    holidays.set(date, nameOf(description));
    years.add(yearOf(date));
  }
  for (const [date, description] of Object.entries(base.workdays)) {
    if (!replaced.has(yearOf(date))) makeUpWorkdays.set(date, nameOf(description));
  }
  for (const [year, data] of Object.entries(extra)) {
    years.add(Number(year));
    for (const [target, entries] of [
      [holidays, data.holidays],
      [makeUpWorkdays, data.makeUpWorkdays],
    ] as const) {
      for (const { from, to, en, zh } of entries) {
        for (const date of datesOf(from, to ?? from)) target.set(date, { en, zh });
      }
    }
  }
  return { holidays, makeUpWorkdays, years: [...years].sort((a, b) => a - b) };
}

/** The public holidays from `from` to `to` (local dates, both included), in date order. */
export function publicHolidaysBetween(
  calendar: PublicHolidays,
  from: string,
  to: string,
): { date: string; name: HolidayName }[] {
  return [...calendar.holidays]
    .filter(([date]) => date >= from && date <= to)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, name]) => ({ date, name }));
}
