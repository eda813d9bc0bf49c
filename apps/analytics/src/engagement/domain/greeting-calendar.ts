import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { PublicHolidays } from '@crm/calendar';
import type { GreetingOccasion } from '@crm/contracts';
import { festivalDate, type LunarFestival } from './lunar-festivals';

/** One greeting a contact is due: which occasion, which year's, and when to deliver it. */
export interface GreetingOccurrence {
  readonly occasion: GreetingOccasion;
  /** Distinguishes two occasions of one kind (two anniversaries): part of the greeting id. */
  readonly occasionKey: string;
  readonly year: number;
  readonly localDate: string;
  readonly scheduledFor: Date;
  readonly reason: string;
}

export interface DeliveryPolicy {
  /** Local hour (0–23) in the contact's time zone at which greetings go out. */
  readonly localHour: number;
  readonly timeZone: string;
  readonly now: Date;
}

/** The contact data greetings are planned from. */
export interface GreetingContact {
  readonly name: string;
  readonly birthday?: string;
  readonly anniversaries?: readonly { readonly label: string; readonly date: string }[];
  readonly optedOut?: boolean;
}

/** Deterministic: the same contact, occasion and year always give the same id (one greeting each). */
export const greetingIdOf = (contactId: string, occasionKey: string, year: number): string =>
  `gr-${contactId}-${occasionKey}-${year}`;

export const greetingStreamPrefix = (contactId: string): string => `gr-${contactId}-`;

const isLeap = (year: number): boolean => DateTime.utc(year, 1, 1).isInLeapYear;

/**
 * The day a yearly date falls on in `year`. 29 February is greeted on 28 February in a year
 * without it (the last day of the birth month, as most people themselves celebrate).
 */
export function annualDay(monthDay: string, year: number): string {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  const adjusted = month === 2 && day === 29 && !isLeap(year) ? 28 : day;
  return DateTime.utc(year, month, adjusted).toISODate()!;
}

/**
 * When a greeting of a local date is delivered: at the configured hour that day in the contact's
 * zone; if that hour has passed but it is still that day there, now (late the same day, rather
 * than a year late); undefined once the day is over.
 */
export function deliveryTime(localDate: string, policy: DeliveryPolicy): Date | undefined {
  const at = DateTime.fromISO(`${localDate}T00:00:00`, { zone: policy.timeZone }).set({
    hour: policy.localHour,
  });
  const now = DateTime.fromJSDate(policy.now, { zone: policy.timeZone });
  if (at >= now) return at.toJSDate();
  return now.toISODate() === localDate ? policy.now : undefined;
}

type Next = { year: number; localDate: string; scheduledFor: Date };

/** The next delivery of a yearly occasion: this year's if still ahead (or today), else next year's. */
function nextOf(dateOfYear: (year: number) => string, policy: DeliveryPolicy): Next {
  const next = nextKnownOf(dateOfYear, policy);
  if (!next) throw new Error('unreachable: next year always has a delivery time');
  return next;
}

/** As nextOf, for an occasion whose date is not known in every year (a public holiday). */
function nextKnownOf(
  dateOfYear: (year: number) => string | undefined,
  policy: DeliveryPolicy,
): Next | undefined {
  const thisYear = DateTime.fromJSDate(policy.now, { zone: policy.timeZone }).year;
  for (const year of [thisYear, thisYear + 1]) {
    const localDate = dateOfYear(year);
    const scheduledFor = localDate === undefined ? undefined : deliveryTime(localDate, policy);
    if (localDate !== undefined && scheduledFor) return { year, localDate, scheduledFor };
  }
  return undefined;
}

/** The public holidays greeted (by their English name in the calendar) and the calendar. */
export interface HolidayGreetings {
  readonly names: readonly string[];
  readonly calendar: PublicHolidays;
}

export const NO_HOLIDAY_GREETINGS: HolidayGreetings = {
  names: [],
  calendar: { holidays: new Map(), makeUpWorkdays: new Map(), years: [] },
};

/**
 * The day a public holiday is greeted in a year: the first of its days off that fall in that year
 * (a New Year bridged from 30 December is still greeted on 1 January); undefined for a year the
 * calendar does not know yet (the State Council publishes each year's dates late in the year before).
 */
export function holidayDate(
  calendar: PublicHolidays,
  name: string,
  year: number,
): string | undefined {
  let first: string | undefined;
  for (const [date, holiday] of calendar.holidays) {
    if (holiday.en !== name || !date.startsWith(`${year}-`)) continue;
    if (first === undefined || date < first) first = date;
  }
  return first;
}

export const holidayKeyOf = (name: string): string =>
  `public_holiday_${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')}`;

/**
 * The key of an anniversary: a hash of its label (Unicode-normalized, case and spacing folded),
 * never a slug of it. A slug keeps only ASCII letters, so every Chinese label became `day` and
 * two anniversaries of one contact shared one greeting (ADR 123). The date is not part of the key:
 * a moved date moves the pending greeting instead of adding one.
 */
export const anniversaryKeyOf = (label: string): string =>
  `anniversary_${createHash('sha256')
    .update(label.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase())
    .digest('hex')
    .slice(0, 16)}`;

/** Every greeting a contact should have pending now (none when opted out). */
export function plannedGreetings(
  contact: GreetingContact,
  festivals: readonly LunarFestival[],
  policy: DeliveryPolicy,
  holidays: HolidayGreetings = NO_HOLIDAY_GREETINGS,
): GreetingOccurrence[] {
  if (contact.optedOut) return [];
  const planned: GreetingOccurrence[] = [];
  if (contact.birthday) {
    const monthDay = contact.birthday.slice(5);
    planned.push({
      occasion: 'birthday',
      occasionKey: 'birthday',
      ...nextOf((year) => annualDay(monthDay, year), policy),
      reason: `birthday on ${monthDay}`,
    });
  }
  const seen = new Set<string>();
  for (const anniversary of contact.anniversaries ?? []) {
    const key = anniversaryKeyOf(anniversary.label);
    if (seen.has(key)) continue;
    seen.add(key);
    const monthDay = anniversary.date.slice(5);
    planned.push({
      occasion: 'anniversary',
      occasionKey: key,
      ...nextOf((year) => annualDay(monthDay, year), policy),
      reason: `${anniversary.label} (${monthDay})`,
    });
  }
  for (const festival of festivals) {
    planned.push({
      occasion: festival,
      occasionKey: festival,
      ...nextOf((year) => festivalDate(festival, year), policy),
      reason: `${festival.replace('_', ' ')} greeting`,
    });
  }
  for (const name of holidays.names) {
    const next = nextKnownOf((year) => holidayDate(holidays.calendar, name, year), policy);
    if (!next) continue;
    const zh = holidays.calendar.holidays.get(next.localDate)?.zh;
    planned.push({
      occasion: 'public_holiday',
      occasionKey: holidayKeyOf(name),
      ...next,
      reason: `${name}${zh ? ` (${zh})` : ''} greeting`,
    });
  }
  return planned;
}
