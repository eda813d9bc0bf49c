import { createHash } from 'node:crypto';
import { deliveryTime, type DeliveryPolicy, type GreetingOccurrence } from './greeting-calendar';

/** D9 occasions that happen once, told by a person: the customer's own events, and condolences. */
export const ONE_OFF_OCCASIONS = ['customer_event', 'condolence'] as const;
export type OneOffOccasion = (typeof ONE_OFF_OCCASIONS)[number];

export const isOneOff = (occasion: string): occasion is OneOffOccasion =>
  (ONE_OFF_OCCASIONS as readonly string[]).includes(occasion);

/**
 * The greeting of a one-off occasion (an opening, an award; a bereavement) on its local date.
 * Keyed by occasion, label and date (a hash: any script), so recording it twice is one greeting;
 * undefined once that day is over where the contact lives (a greeting is not sent late by days).
 */
export function oneOffGreeting(
  occasion: OneOffOccasion,
  label: string,
  localDate: string,
  policy: DeliveryPolicy,
): GreetingOccurrence | undefined {
  const scheduledFor = deliveryTime(localDate, policy);
  if (!scheduledFor) return undefined;
  const digest = createHash('sha256')
    .update(`${label.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()}\n${localDate}`)
    .digest('hex')
    .slice(0, 16);
  return {
    occasion,
    occasionKey: `${occasion}_${digest}`,
    year: Number(localDate.slice(0, 4)),
    localDate,
    scheduledFor,
    reason: `${label} (${localDate})`,
  };
}
