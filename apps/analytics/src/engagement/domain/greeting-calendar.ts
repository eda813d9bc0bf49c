import { DateTime } from 'luxon';
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

/** The next delivery of a yearly occasion: this year's if still ahead (or today), else next year's. */
function nextOf(
  dateOfYear: (year: number) => string,
  policy: DeliveryPolicy,
): { year: number; localDate: string; scheduledFor: Date } {
  const thisYear = DateTime.fromJSDate(policy.now, { zone: policy.timeZone }).year;
  for (const year of [thisYear, thisYear + 1]) {
    const localDate = dateOfYear(year);
    const scheduledFor = deliveryTime(localDate, policy);
    if (scheduledFor) return { year, localDate, scheduledFor };
  }
  throw new Error('unreachable: next year always has a delivery time');
}

const slug = (label: string): string =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 40) || 'day';

/** Every greeting a contact should have pending now (none when opted out). */
export function plannedGreetings(
  contact: GreetingContact,
  festivals: readonly LunarFestival[],
  policy: DeliveryPolicy,
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
    const key = `anniversary_${slug(anniversary.label)}`;
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
  return planned;
}
