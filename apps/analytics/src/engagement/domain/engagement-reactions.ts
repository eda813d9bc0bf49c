import type { FollowUpAbout, FollowUpReason } from '@crm/contracts';
import { endsReactivation, firstPurchaseAction, type CustomerOwners } from './follow-up.rules';

/**
 * What another context told engagement (D5, D9), decoded from its event: the facts the rules
 * below read, nothing else. `customerId` is the customer the facts concern.
 */
export type UpstreamFact =
  | {
      readonly kind: 'customer_registered';
      readonly customerId: string;
      readonly owners: CustomerOwners;
    }
  | {
      readonly kind: 'owner_assigned';
      readonly customerId: string;
      readonly sequence: number;
      readonly previousOwnerId: string | undefined;
      readonly owners: CustomerOwners;
    }
  | { readonly kind: 'contact_changed'; readonly customerId: string; readonly contactId: string }
  | { readonly kind: 'customer_erased'; readonly customerId: string }
  | {
      readonly kind: 'contacts_carried';
      readonly customerId: string;
      readonly contactIds: readonly string[];
    }
  | { readonly kind: 'purchase_recorded'; readonly customerId: string; readonly purchasedAt: Date }
  | {
      readonly kind: 'key_account_designated';
      readonly customerId: string;
      readonly keyAccountManagerId: string;
    }
  | { readonly kind: 'key_account_retired'; readonly customerId: string }
  | {
      readonly kind: 'visit_completed';
      readonly customerId: string;
      readonly visitId: string;
      readonly repId: string;
      readonly completedAt: Date;
    }
  | { readonly kind: 'complaint_recorded'; readonly customerId: string }
  | {
      readonly kind: 'complaint_closed';
      readonly customerId: string;
      readonly complaintId: string;
      /** The closing itself (its event): a reopened and closed again complaint is closed twice. */
      readonly closingId: string;
      readonly closedAt: Date;
    }
  | { readonly kind: 'tier_changed'; readonly customerId: string; readonly effectiveAt: Date }
  | {
      readonly kind: 'lifecycle_changed';
      readonly customerId: string;
      readonly stage: string;
      readonly changeId: string;
      readonly changedAt: Date;
    };

/** What engagement's directory knew before the fact was recorded in it. */
export interface KnownBefore {
  /** The customer's owners as recorded, and the customer-stream version that recorded them. */
  readonly owners?: CustomerOwners & { readonly seq: number };
  /** The customer's earliest purchase known (business date). */
  readonly earliestPurchaseAt?: Date;
  /** The effective instant of the tier recorded (ms). */
  readonly tierSeq?: number;
  /** What the closed complaint was about, when its recording arrived. */
  readonly complaint?: FollowUpAbout;
  /** The customer's contacts. */
  readonly contactIds?: readonly string[];
}

/** A follow-up a fact calls for (D9): its id is `fu-<reason>-<sourceId>`, so a repeat plans none. */
export interface FollowUpPlan {
  readonly rule: 'visit_completed' | 'complaint_closed' | 'first_purchase' | 'reactivation';
  readonly reason: FollowUpReason;
  readonly sourceId: string;
  /** When the delay starts: the business time of the fact. */
  readonly from: Date;
  /** The rep named by the fact itself (a visit's rep), preferred to the customer's owner. */
  readonly repId?: string;
  readonly about?: FollowUpAbout;
}

/** What engagement does about a fact, for the customer it concerns. */
export type EngagementCommand =
  | { readonly kind: 'schedule_follow_up'; readonly plan: FollowUpPlan }
  | { readonly kind: 'withdraw_first_purchase_call' }
  | { readonly kind: 'withdraw_reactivation_calls' }
  | { readonly kind: 'plan_key_account_meeting'; readonly keyAccountManagerId: string }
  | { readonly kind: 'end_key_account_meetings' }
  /** Open follow-ups go from whoever held their role to whoever holds it now (ADR 132). */
  | { readonly kind: 'move_follow_ups'; readonly from: CustomerOwners; readonly to: CustomerOwners }
  /** Follow-ups planned for the unassigned owner go to the owners now known. */
  | { readonly kind: 'hand_unassigned_follow_ups'; readonly to: CustomerOwners }
  | { readonly kind: 'plan_greetings'; readonly contactIds: readonly string[] };

/** D5: the lifecycle stages that call for a reactivation follow-up, and its reason. */
export const REACTIVATION: Readonly<Record<string, FollowUpReason>> = {
  drowsy: 'reactivation_drowsy',
  half_asleep: 'reactivation_half_asleep',
  dormant: 'reactivation_dormant',
};

/** Reactivation follow-ups are per customer and stage change: `fu-<reason>-<customer>-<change>`. */
export const reactivationSourceOf = (customerId: string, changeId: string): string =>
  `${customerId}-${changeId}`;

/** The policy the rules read (DOMAIN.md numbers are configuration). */
export interface ReactionPolicy {
  readonly now: Date;
  readonly firstPurchaseWindowMs: number;
}

/** D9: 3 days after a completed visit, a call by the rep who visited. */
export const afterVisit = (
  fact: Extract<UpstreamFact, { kind: 'visit_completed' }>,
): EngagementCommand[] => [
  {
    kind: 'schedule_follow_up',
    plan: {
      rule: 'visit_completed',
      reason: 'visit_completed',
      sourceId: fact.visitId,
      from: fact.completedAt,
      repId: fact.repId,
    },
  },
];

/** D9: 1 day after a complaint closes, a satisfaction call naming the complaint (ADR 124). */
export const afterComplaintClosed = (
  fact: Extract<UpstreamFact, { kind: 'complaint_closed' }>,
  about: FollowUpAbout | undefined,
): EngagementCommand[] => [
  {
    kind: 'schedule_follow_up',
    plan: {
      rule: 'complaint_closed',
      reason: 'complaint_closed',
      sourceId: fact.closingId,
      from: fact.closedAt,
      about: about ?? { complaintId: fact.complaintId },
    },
  },
];

/** D9: 7 days after a first purchase, only the earliest and only while recent (ADR 123). */
export function afterPurchase(
  fact: Extract<UpstreamFact, { kind: 'purchase_recorded' }>,
  earliestKnown: Date | undefined,
  policy: ReactionPolicy,
): EngagementCommand[] {
  const action = firstPurchaseAction({
    purchasedAt: fact.purchasedAt,
    earliestKnown,
    now: policy.now,
    windowMs: policy.firstPurchaseWindowMs,
  });
  if (action === 'withdraw') return [{ kind: 'withdraw_first_purchase_call' }];
  if (action === 'none') return [];
  const plan: FollowUpPlan = {
    rule: 'first_purchase',
    reason: 'first_purchase',
    sourceId: fact.customerId,
    from: fact.purchasedAt,
  };
  return [{ kind: 'schedule_follow_up', plan }];
}

/**
 * D5/D9: drowsy, half-asleep and dormant customers get a reactivation call; a customer back to new
 * or active buys again, and its open reactivation calls are withdrawn.
 */
export function onLifecycleChange(
  fact: Extract<UpstreamFact, { kind: 'lifecycle_changed' }>,
): EngagementCommand[] {
  const reason = REACTIVATION[fact.stage];
  if (reason === undefined)
    return endsReactivation(fact.stage) ? [{ kind: 'withdraw_reactivation_calls' }] : [];
  const plan: FollowUpPlan = {
    rule: 'reactivation',
    reason,
    sourceId: reactivationSourceOf(fact.customerId, fact.changeId),
    from: fact.changedAt,
  };
  return [{ kind: 'schedule_follow_up', plan }];
}

/**
 * D9: the customer changed hands: its open follow-ups go along, unless engagement already recorded
 * this change or a later one. A registration names the first owners: the follow-ups planned
 * before it reached engagement (for the unassigned owner) go to them, unless owners are recorded.
 */
export function onOwners(
  fact: Extract<UpstreamFact, { kind: 'customer_registered' | 'owner_assigned' }>,
  recorded: KnownBefore['owners'],
): EngagementCommand[] {
  if (fact.kind === 'customer_registered')
    return recorded ? [] : [{ kind: 'hand_unassigned_follow_ups', to: fact.owners }];
  if (recorded && recorded.seq >= fact.sequence) return [];
  const from: CustomerOwners = {
    ownerId: fact.previousOwnerId,
    keyAccountManagerId: recorded?.keyAccountManagerId,
  };
  return [{ kind: 'move_follow_ups', from, to: fact.owners }];
}

/**
 * D9 greetings follow the contacts: a contact's change re-plans it, an erasure or a merge re-plans
 * the contacts concerned, and a newer tier (it decides the channel) re-plans the customer's.
 */
export function greetingsToPlan(fact: UpstreamFact, known: KnownBefore): EngagementCommand[] {
  const plan = (contactIds: readonly string[]): EngagementCommand[] =>
    contactIds.length > 0 ? [{ kind: 'plan_greetings', contactIds }] : [];
  switch (fact.kind) {
    case 'contact_changed':
      return plan([fact.contactId]);
    case 'contacts_carried':
      return plan(fact.contactIds);
    case 'customer_erased':
      return plan(known.contactIds ?? []);
    case 'tier_changed': {
      const newer = known.tierSeq === undefined || known.tierSeq < fact.effectiveAt.getTime();
      return newer ? plan(known.contactIds ?? []) : [];
    }
    default:
      return [];
  }
}

/** Everything engagement does about one fact, given what it knew before recording it. */
export function reactionsTo(
  fact: UpstreamFact,
  known: KnownBefore,
  policy: ReactionPolicy,
): EngagementCommand[] {
  switch (fact.kind) {
    case 'customer_registered':
    case 'owner_assigned':
      return onOwners(fact, known.owners);
    case 'visit_completed':
      return afterVisit(fact);
    case 'complaint_closed':
      return afterComplaintClosed(fact, known.complaint);
    case 'purchase_recorded':
      return afterPurchase(fact, known.earliestPurchaseAt, policy);
    case 'lifecycle_changed':
      return onLifecycleChange(fact);
    case 'key_account_designated':
      return [{ kind: 'plan_key_account_meeting', keyAccountManagerId: fact.keyAccountManagerId }];
    case 'key_account_retired':
      return [{ kind: 'end_key_account_meetings' }];
    case 'complaint_recorded':
      return [];
    default:
      return greetingsToPlan(fact, known);
  }
}
