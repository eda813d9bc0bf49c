import type { PublicHolidays } from '@crm/calendar';
import type { GreetingOccasion } from '@crm/contracts';
import { holidayKeyOf } from './greeting-calendar';

/** How a rep names each kind of occasion (D9), in the console's first language. */
export const OCCASION_LABELS: Readonly<Record<GreetingOccasion, string>> = {
  birthday: '生日',
  anniversary: '纪念日',
  spring_festival: '春节',
  dragon_boat: '端午节',
  mid_autumn: '中秋节',
  public_holiday: '法定节假日',
  customer_event: '客户活动',
  condolence: '慰问',
};

/**
 * The key of the occasion inside a greeting id (`gr-<contact>-<key>-<year>`, greetingIdOf): it
 * names the public holiday (`public_holiday_national_day`) without any personal value.
 */
export function occasionKeyOf(greetingId: string, contactId: string, year: number): string {
  const prefix = `gr-${contactId}-`;
  const suffix = `-${year}`;
  return greetingId.startsWith(prefix) && greetingId.endsWith(suffix)
    ? greetingId.slice(prefix.length, greetingId.length - suffix.length)
    : '';
}

/** The Chinese names of the public holidays of the calendar, by their occasion key. */
export function holidayLabels(calendar: PublicHolidays): ReadonlyMap<string, string> {
  const labels = new Map<string, string>();
  for (const holiday of calendar.holidays.values())
    labels.set(holidayKeyOf(holiday.en), holiday.zh);
  return labels;
}

/**
 * The label of a greeting's occasion: its kind's name, a public holiday by its own name
 * (国庆节). Anniversary labels and the words of a one-off occasion are the contact's personal data
 * (sealed in the greeting's reason, shredded on erasure): a list does not repeat them.
 */
export function occasionLabelOf(
  occasion: GreetingOccasion,
  occasionKey: string,
  holidays: ReadonlyMap<string, string>,
): string {
  if (occasion === 'public_holiday')
    return holidays.get(occasionKey) ?? OCCASION_LABELS.public_holiday;
  return OCCASION_LABELS[occasion];
}
