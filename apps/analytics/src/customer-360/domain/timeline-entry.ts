import {
  formatMajor,
  moneyFromData,
  parseEventType,
  type AnalyticsEvent,
  type BoundedContext,
  type CloudEvent,
  type ComplaintEvent,
  type CustomerEvent,
  type EngagementEvent,
  type MoneyData,
  type OpportunityEvent,
  type VisitEvent,
} from '@crm/contracts';

/** What an entry links to, for the page to open it (a complaint, a visit...). */
export const TIMELINE_LINK_KINDS = [
  'customer',
  'contact',
  'purchase',
  'voucher',
  'visit',
  'opportunity',
  'complaint',
  'follow_up',
  'greeting',
] as const;
export type TimelineLinkKind = (typeof TIMELINE_LINK_KINDS)[number];

export interface TimelineLink {
  readonly kind: TimelineLinkKind;
  readonly id: string;
}

/**
 * One line of a customer's timeline, built from one event's non-personal fields only: codes,
 * amounts, dates, ids and enums, never a name, a contact detail or free text (ADR 110 seals those;
 * the timeline has nothing to erase). `clearOnly` marks what would tell a masked reader a personal
 * date (a birthday greeting sent on the day).
 */
export interface TimelineEntry {
  readonly eventId: string;
  readonly customerId: string;
  /** The business time of the event (a back-dated purchase: its date), else when it was recorded. */
  readonly occurredAt: string;
  readonly service: BoundedContext;
  /** The event's name, e.g. `PurchaseRecorded`. */
  readonly type: string;
  readonly summary: string;
  readonly link: TimelineLink | null;
  readonly clearOnly: boolean;
}

/** What one event type contributes: its summary, its link and its business time. */
interface Line {
  readonly summary: string;
  readonly link?: TimelineLink;
  readonly at?: string;
  readonly clearOnly?: boolean;
}

type Describe<TEvent extends { type: string; data: unknown }> = {
  readonly [K in TEvent['type']]: ((data: Extract<TEvent, { type: K }>['data']) => Line) | null;
};

const money = (amount: MoneyData): string =>
  `${formatMajor(moneyFromData(amount))} ${amount.currency}`;
const arrow = (from: string | null | undefined, to: string): string => `${from ?? '—'} → ${to}`;
const fieldsOf = (changes: object): string => Object.keys(changes).sort().join(', ');
const join = (...parts: (string | number | undefined | null | false)[]): string =>
  parts
    .filter((part) => part !== undefined && part !== null && part !== false && part !== '')
    .join(' · ');
const link = (kind: TimelineLinkKind, id: string): TimelineLink => ({ kind, id });

/** Occasions a date of which belongs to a contact: their greeting's time tells it. */
const PERSONAL_OCCASIONS = new Set(['birthday', 'anniversary', 'customer_event', 'condolence']);

// Every event of every context is described here or declared no part of a timeline (null): a new
// event type does not compile until it is placed. Free text (reasons, notes, descriptions) and the
// personal fields of the catalogue (names, contact details) are never read.
const customers: Describe<CustomerEvent> = {
  CustomerRegistered: (d) => ({ summary: join(d.nature, d.region, d.ownerId), at: d.registeredAt }),
  CustomerProfileUpdated: (d) => ({ summary: fieldsOf(d.changes), at: d.updatedAt }),
  CustomerOwnerAssigned: (d) => ({
    summary: arrow(d.previousOwnerId, d.ownerId),
    at: d.assignedAt,
  }),
  ContactAdded: (d) => ({
    summary: join(d.contact.buyingRole),
    link: link('contact', d.contactId),
    at: d.addedAt,
  }),
  ContactUpdated: (d) => ({
    summary: fieldsOf(d.changes),
    link: link('contact', d.contactId),
    at: d.updatedAt,
  }),
  ContactRemoved: (d) => ({ summary: '', link: link('contact', d.contactId), at: d.removedAt }),
  PurchaseRecorded: (d) => ({
    summary: join(money(d.amount), d.productLine, d.orderReference),
    link: link('purchase', d.purchaseId),
    at: d.occurredAt,
  }),
  PurchaseReversed: (d) => ({
    summary: `-${money(d.amount)}`,
    link: link('purchase', d.originalPurchaseId),
    at: d.occurredAt,
  }),
  PointsEarned: (d) => ({
    summary: `+${d.points}`,
    link: link('purchase', d.purchaseId),
    at: d.earnedAt,
  }),
  PointsRedeemed: (d) => ({
    // `voucher` is free text (ADR 134): the voucher's id links it instead.
    summary: `-${d.points}`,
    link: link('voucher', d.redemptionId),
    at: d.redeemedAt,
  }),
  PointsReversed: (d) => ({
    summary: `-${d.points}`,
    link: link('purchase', d.purchaseId),
    at: d.reversedAt,
  }),
  PointsExpired: (d) => ({ summary: `-${d.points}`, at: d.expiredAt }),
  VoucherUsed: (d) => ({ summary: '', link: link('voucher', d.voucherId), at: d.usedAt }),
  KeyAccountDesignated: (d) => ({
    summary: join(d.criterion, d.keyAccountManagerId),
    at: d.designatedAt,
  }),
  KeyAccountRetired: (d) => ({ summary: '', at: d.retiredAt }),
  CustomerMerged: (d) => ({
    summary: join(d.role, arrow(d.duplicateId, d.survivorId)),
    link: link('customer', d.role === 'survivor' ? d.duplicateId : d.survivorId),
    at: d.mergedAt,
  }),
  CustomerErased: (d) => ({ summary: d.reason, at: d.erasedAt }),
  // The questions and the comment are text: the source, how many were answered and the NPS tell it.
  SurveyAnswered: (d) => ({
    summary: join(d.source, `${d.questions.length} Q`, d.nps !== undefined && `NPS ${d.nps}`),
    at: d.answeredAt,
  }),
  PossibleDuplicateDismissed: (d) => ({
    summary: '',
    link: link('customer', d.otherCustomerId),
    at: d.dismissedAt,
  }),
};

const visits: Describe<VisitEvent | OpportunityEvent> = {
  VisitPlanned: (d) => ({
    summary: join(d.plannedDate, d.channel, d.repId),
    link: link('visit', d.visitId),
    at: d.plannedAt,
  }),
  VisitRescheduled: (d) => ({
    summary: arrow(d.previousDate, d.plannedDate),
    link: link('visit', d.visitId),
    at: d.rescheduledAt,
  }),
  VisitCompleted: (d) => ({
    summary: join(`${d.feedbackScore}/5`, d.progress.join(', ')),
    link: link('visit', d.visitId),
    at: d.completedAt,
  }),
  VisitCancelled: (d) => ({
    summary: d.plannedDate,
    link: link('visit', d.visitId),
    at: d.cancelledAt,
  }),
  VisitMissed: (d) => ({ summary: d.plannedDate, link: link('visit', d.visitId), at: d.missedAt }),
  MonthlyVisitPlanGenerated: null,
  OpportunityOpened: (d) => ({
    summary: join(money(d.amount), d.stage, d.expectedCloseDate),
    link: link('opportunity', d.opportunityId),
    at: d.openedAt,
  }),
  OpportunityStageChanged: (d) => ({
    summary: arrow(d.fromStage, d.toStage),
    link: link('opportunity', d.opportunityId),
    at: d.changedAt,
  }),
  OpportunityWon: (d) => ({
    summary: arrow(d.fromStage, 'won'),
    link: link('opportunity', d.opportunityId),
    at: d.wonAt,
  }),
  OpportunityLost: (d) => ({
    summary: arrow(d.fromStage, 'lost'),
    link: link('opportunity', d.opportunityId),
    at: d.lostAt,
  }),
};

const complaint = (summary: string) => (d: { complaintId: string; at: string }) => ({
  summary,
  link: link('complaint', d.complaintId),
  at: d.at,
});

const complaints: Describe<ComplaintEvent> = {
  ComplaintRecorded: (d) => ({
    summary: join(d.category, d.severity, d.channel),
    link: link('complaint', d.complaintId),
    at: d.at,
  }),
  ComplaintValidated: complaint(''),
  ComplaintRejected: complaint(''),
  ComplaintAssigned: (d) => complaint(join(d.department, d.handlerId))(d),
  ResolutionProposed: (d) => complaint(join(d.plan, String(d.cost)))(d),
  ResolutionApproved: (d) => complaint(join(String(d.cost), d.higherApproval && 'higher'))(d),
  ResolutionSentBack: complaint(''),
  CustomerNotified: (d) => complaint(d.channel)(d),
  CustomerResponded: (d) => complaint(d.agreed ? 'agreed' : 'disagreed')(d),
  ResolutionImplemented: complaint(''),
  AccountabilityRecorded: complaint(''),
  ComplaintClosed: (d) => complaint(join(`${d.satisfaction}/5`, d.rejected && 'rejected'))(d),
  ComplaintReopened: complaint(''),
  ComplaintSlaBreached: (d) => complaint(d.deadlineKind)(d),
  ComplaintEscalated: (d) => complaint(join(`L${d.level}`, d.escalatedTo, d.deadlineKind))(d),
};

const analytics: Describe<AnalyticsEvent> = {
  CustomerTierChanged: (d) => ({ summary: arrow(d.previousTier, d.tier), at: d.effectiveAt }),
  TierRecomputationCompleted: null,
  SatisfactionAlertRaised: (d) => ({ summary: join(d.reason, `CSI ${d.csi}`), at: d.scoredAt }),
  CustomerSatisfactionChanged: (d) => ({ summary: `CSI ${d.csi}`, at: d.asOf }),
  CustomerLifecycleChanged: (d) => ({
    summary: arrow(d.previousStage, d.stage),
    at: d.effectiveAt,
  }),
  CustomerMarkedLost: (d) => ({ summary: d.reason, at: d.markedAt }),
};

const greeting = (d: { greetingId: string; occasion: string; year: number }) => ({
  link: link('greeting', d.greetingId),
  clearOnly: PERSONAL_OCCASIONS.has(d.occasion),
});

const engagement: Describe<EngagementEvent> = {
  FollowUpScheduled: (d) => ({
    summary: join(d.reason, d.channel, d.ownerId),
    link: link('follow_up', d.followUpId),
    at: d.scheduledAt,
  }),
  FollowUpDue: (d) => ({
    summary: join(d.reason, d.ownerId),
    link: link('follow_up', d.followUpId),
    at: d.dueAt,
  }),
  FollowUpCompleted: (d) => ({
    summary: join(d.outcome, d.satisfactionScore !== undefined && `${d.satisfactionScore}/5`),
    link: link('follow_up', d.followUpId),
    at: d.completedAt,
  }),
  FollowUpCancelled: (d) => ({
    summary: '',
    link: link('follow_up', d.followUpId),
    at: d.cancelledAt,
  }),
  FollowUpReassigned: (d) => ({
    summary: arrow(d.previousOwnerId, d.ownerId),
    link: link('follow_up', d.followUpId),
    at: d.reassignedAt,
  }),
  GreetingScheduled: (d) => ({
    summary: join(d.occasion, d.year, d.channel),
    ...greeting(d),
    at: d.scheduledAt,
  }),
  GreetingCancelled: (d) => ({
    summary: join(d.occasion, d.year),
    ...greeting(d),
    at: d.cancelledAt,
  }),
  GreetingSent: (d) => ({
    summary: join(d.occasion, d.year, d.channel),
    ...greeting(d),
    at: d.sentAt,
  }),
  GreetingFailed: (d) => ({
    summary: join(d.occasion, d.year, d.channel),
    ...greeting(d),
    at: d.failedAt,
  }),
};

const DESCRIBERS: Readonly<Record<BoundedContext, Readonly<Record<string, unknown>>>> = {
  customers,
  visits,
  complaints,
  analytics,
  engagement,
};

/** The event types each service puts on a timeline (for the filters and the pages' labels). */
export const TIMELINE_TYPES: Readonly<Record<BoundedContext, readonly string[]>> =
  Object.fromEntries(
    Object.entries(DESCRIBERS).map(([service, describers]) => [
      service,
      Object.entries(describers)
        .filter(([, describe]) => describe !== null)
        .map(([type]) => type),
    ]),
  ) as Record<BoundedContext, string[]>;

/**
 * The timeline entry of an event (already upcast to its current version by the consumer), or null
 * for an event about no customer or no part of a timeline (a monthly plan, a recomputation run).
 */
export function timelineEntryOf(event: CloudEvent): TimelineEntry | null {
  const type = parseEventType(event.type);
  const customerId = event.customerid;
  if (!type || customerId === undefined) return null;
  const service = type.context as BoundedContext;
  const describe = DESCRIBERS[service]?.[type.name] as ((data: unknown) => Line) | null | undefined;
  if (!describe) return null;
  const line = describe(event.data);
  return {
    eventId: event.id,
    customerId,
    occurredAt: new Date(line.at ?? event.time).toISOString(),
    service,
    type: type.name,
    summary: line.summary,
    link: line.link ?? null,
    clearOnly: line.clearOnly ?? false,
  };
}
