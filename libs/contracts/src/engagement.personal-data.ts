import { ERASED_TEXT, type PersonalFieldSpec } from './customers.personal-data';

/**
 * The personal fields of engagement's events: a greeting's reason names the contact's occasion
 * and its date ("birthday on 03-14", an anniversary's label), a follow-up's note is what the owner
 * wrote about the customer, and cancellation reasons are free text. Engagement seals them with its
 * own per-customer key and deletes it on CustomerErased (a delivery error may quote the contact's
 * address, so it is sealed too); ids, occasions, channels and times stay
 * readable (the jobs run on them).
 */
export const engagementPersonalFields: Readonly<Record<string, readonly PersonalFieldSpec[]>> = {
  GreetingScheduled: [{ path: ['reason'], erased: ERASED_TEXT }],
  GreetingCancelled: [{ path: ['reason'], erased: ERASED_TEXT }],
  GreetingFailed: [{ path: ['error'], erased: ERASED_TEXT }],
  FollowUpCompleted: [{ path: ['note'] }],
  FollowUpCancelled: [{ path: ['reason'], erased: ERASED_TEXT }],
};
