import type { FollowUpReason } from '@crm/contracts';

/** What a purchase does to the customer's "first purchase" follow-up (D9, ADR 123). */
export type FirstPurchaseAction = 'schedule' | 'withdraw' | 'none';

/**
 * D9 "7 days after a first purchase", on real data: only the customer's earliest purchase plans
 * one, and only while it is within the window (a back-dated ERP import of a legacy customer's
 * history plans none, instead of a call already overdue). A purchase found to be earlier than the
 * one that planned the call (an import arriving after a recent sale) shows the call was not about a
 * first purchase: it is withdrawn, unless this earlier one is itself within the window.
 */
export function firstPurchaseAction(input: {
  readonly purchasedAt: Date;
  /** The earliest purchase of the customer known before this one arrived. */
  readonly earliestKnown: Date | undefined;
  readonly now: Date;
  readonly windowMs: number;
}): FirstPurchaseAction {
  const { purchasedAt, earliestKnown, now, windowMs } = input;
  const recent = purchasedAt.getTime() >= now.getTime() - windowMs;
  // The earliest purchase seen again (a redelivery, or a retry after the schedule failed) decides
  // as it did the first time; scheduling is idempotent by the follow-up's id.
  if (earliestKnown === undefined || earliestKnown.getTime() === purchasedAt.getTime()) {
    return recent ? 'schedule' : 'none';
  }
  if (earliestKnown.getTime() < purchasedAt.getTime()) return 'none';
  return recent ? 'none' : 'withdraw';
}

/**
 * D8/D9 "before a key account's annual meeting": the meetings fall on the anniversaries of the
 * designation, every `periodMonths`; the next one is the first strictly after `now` (its call is
 * planned a configured lead before it). Retirement ends the series: none after it.
 */
export function nextKeyAccountMeeting(input: {
  readonly designatedAt: Date;
  readonly periodMonths: number;
  readonly now: Date;
  readonly retiredAt?: Date;
}): { readonly meetingAt: Date; readonly sequence: number } | undefined {
  const { designatedAt, periodMonths, now, retiredAt } = input;
  if (retiredAt && retiredAt.getTime() >= designatedAt.getTime()) return undefined;
  for (let sequence = 1; ; sequence += 1) {
    const meetingAt = addMonths(designatedAt, sequence * periodMonths);
    if (meetingAt.getTime() > now.getTime()) return { meetingAt, sequence };
  }
}

/** Whole calendar months later, on the same day (the last day of a shorter month). */
function addMonths(from: Date, months: number): Date {
  const target = new Date(from.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

export const REACTIVATION_REASONS: readonly FollowUpReason[] = [
  'reactivation_drowsy',
  'reactivation_half_asleep',
  'reactivation_dormant',
];

/**
 * D5/D9: a reactivation call is for a customer who stopped buying. Once the customer is buying
 * again (its stage is back to new or active), the open ones are withdrawn.
 */
export const endsReactivation = (stage: string): boolean => stage === 'active' || stage === 'new';

/** Who follows a customer up: its owner and, for a key account, its key-account manager. */
export interface CustomerOwners {
  readonly ownerId?: string | undefined;
  readonly keyAccountManagerId?: string | undefined;
}

/**
 * D9: who holds a follow-up whose rule names `role`: the key-account manager (the owner while the
 * customer has none) for key-account calls, the owner for the rest. When the customer changes
 * hands, an open follow-up moves from the one who held its role to the one who holds it now.
 */
export const holderOf = (
  role: 'rep' | 'key_account_manager',
  owners: CustomerOwners,
): string | undefined =>
  role === 'key_account_manager' ? (owners.keyAccountManagerId ?? owners.ownerId) : owners.ownerId;
