import {
  CUSTOMER_TIERS,
  parseEventType,
  type CloudEvent,
  type ComplaintStep,
  type CustomerTier,
} from '@crm/contracts';

/**
 * What the console tells a signed-in browser about a change elsewhere: which kind, which customer,
 * and the few facts a notification line shows. Never personal data (names, contacts, free text):
 * the page the notice links to reads those through the user's own, masked reads.
 */
export type LiveNotice = {
  /** The event's id: the browser drops a notice it has seen (a redelivery). */
  readonly id: string;
  readonly customerId: string;
  /** When it happened (the event's time). */
  readonly at: string;
} & (
  | {
      readonly kind: 'tier-changed';
      readonly tier: CustomerTier;
      readonly previousTier: CustomerTier | null;
    }
  | {
      readonly kind: 'sla-breached';
      readonly complaintId: string;
      readonly deadlineKind: string;
    }
  | { readonly kind: 'escalated'; readonly complaintId: string; readonly level: number }
  | {
      readonly kind: 'follow-up';
      readonly followUpId: string;
      readonly status: 'scheduled' | 'due';
      readonly reason: string;
    }
  | { readonly kind: 'greeting'; readonly greetingId: string; readonly occasion: string }
  | {
      readonly kind: 'complaint-step';
      readonly complaintId: string;
      /** The D7 step taken (`record` for a new complaint). */
      readonly step: ComplaintStep | 'record';
    }
);

export type LiveNoticeKind = LiveNotice['kind'];

/** Each complaint event → the D7 step it records. */
const COMPLAINT_EVENT_STEPS: Readonly<Record<string, ComplaintStep | 'record'>> = {
  ComplaintRecorded: 'record',
  ComplaintValidated: 'validate',
  ComplaintRejected: 'validate',
  ComplaintAssigned: 'assign',
  ResolutionProposed: 'propose',
  ResolutionApproved: 'approve',
  ResolutionSentBack: 'send-back',
  CustomerNotified: 'notify-customer',
  CustomerResponded: 'customer-response',
  ResolutionImplemented: 'implement',
  AccountabilityRecorded: 'accountability',
  ComplaintClosed: 'close',
  ComplaintReopened: 'reopen',
};

/** The events a notice is made of, by `<context>.<name>` (any version). */
export const NOTICE_EVENTS: ReadonlySet<string> = new Set([
  'analytics.CustomerTierChanged',
  'complaints.ComplaintSlaBreached',
  'complaints.ComplaintEscalated',
  'engagement.FollowUpScheduled',
  'engagement.FollowUpDue',
  'engagement.GreetingScheduled',
  ...Object.keys(COMPLAINT_EVENT_STEPS).map((name) => `complaints.${name}`),
]);

/**
 * The customers' events after which who owns a customer, or where it is, may differ: the console
 * forgets what it knew of that customer's owner and region.
 */
export const CUSTOMER_REF_EVENTS: ReadonlySet<string> = new Set([
  'customers.CustomerRegistered',
  'customers.CustomerOwnerAssigned',
  'customers.CustomerProfileUpdated',
  'customers.CustomerMerged',
  'customers.CustomerErased',
]);

/** `<context>.<name>` of an event type, or undefined for one that is not a CRM type. */
export const eventKeyOf = (type: string): string | undefined => {
  const parsed = parseEventType(type);
  return parsed ? `${parsed.context}.${parsed.name}` : undefined;
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

const tierOf = (value: unknown): CustomerTier | undefined =>
  CUSTOMER_TIERS.find((tier) => tier === value);

/**
 * The notice an event makes, or undefined for an event no page shows live (or one without a
 * customer: whose scope it falls in could not be told). Reads only the non-personal fields, which
 * travel in clear in every version of these events.
 */
export function noticeOf(event: CloudEvent): LiveNotice | undefined {
  const key = eventKeyOf(event.type);
  const data = event.data;
  const customerId = text(event.customerid) ?? text(data['customerId']);
  if (key === undefined || customerId === undefined || !NOTICE_EVENTS.has(key)) return undefined;
  const base = { id: event.id, customerId, at: event.time };
  const complaintId = text(data['complaintId']) ?? event.subject;
  switch (key) {
    case 'analytics.CustomerTierChanged': {
      const tier = tierOf(data['tier']);
      return tier
        ? { ...base, kind: 'tier-changed', tier, previousTier: tierOf(data['previousTier']) ?? null }
        : undefined;
    }
    case 'complaints.ComplaintSlaBreached':
      return {
        ...base,
        kind: 'sla-breached',
        complaintId,
        deadlineKind: text(data['deadlineKind']) ?? 'resolution',
      };
    case 'complaints.ComplaintEscalated':
      return {
        ...base,
        kind: 'escalated',
        complaintId,
        level: typeof data['level'] === 'number' ? data['level'] : 1,
      };
    case 'engagement.FollowUpScheduled':
    case 'engagement.FollowUpDue': {
      const followUpId = text(data['followUpId']);
      return followUpId
        ? {
            ...base,
            kind: 'follow-up',
            followUpId,
            status: key === 'engagement.FollowUpDue' ? 'due' : 'scheduled',
            reason: text(data['reason']) ?? 'visit_completed',
          }
        : undefined;
    }
    case 'engagement.GreetingScheduled': {
      const greetingId = text(data['greetingId']);
      return greetingId
        ? { ...base, kind: 'greeting', greetingId, occasion: text(data['occasion']) ?? '' }
        : undefined;
    }
    default: {
      const step = COMPLAINT_EVENT_STEPS[key.slice('complaints.'.length)];
      return step ? { ...base, kind: 'complaint-step', complaintId, step } : undefined;
    }
  }
}

