import { z } from 'zod';
import { sealedVersion } from './sealed-data';
import { defineEvent, type DomainEventOf } from './event-definition';
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES } from './complaint-workflow';

/** D9: why a follow-up exists. */
export const FOLLOW_UP_REASONS = [
  'visit_completed',
  'complaint_closed',
  'first_purchase',
  'reactivation_drowsy',
  'reactivation_half_asleep',
  'reactivation_dormant',
  'key_account_annual_meeting',
] as const;

/** D9: how a touch reaches the customer. `task` is a to-do for a person (a call, a gift). */
export const ENGAGEMENT_CHANNELS = ['task', 'email', 'sms', 'wechat', 'webhook'] as const;

/** D9: what a greeting is for. */
export const GREETING_OCCASIONS = [
  'birthday',
  'anniversary',
  'spring_festival',
  'dragon_boat',
  'mid_autumn',
  'public_holiday',
  'customer_event',
  'condolence',
] as const;

export const FOLLOW_UP_OUTCOMES = ['reached', 'not_reached', 'declined', 'issue_raised'] as const;

export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number];
export type EngagementChannel = (typeof ENGAGEMENT_CHANNELS)[number];
export type GreetingOccasion = (typeof GREETING_OCCASIONS)[number];
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

const id = z.string().min(1).max(200);
const instant = z.iso.datetime();
const timeZone = z.string().min(1).max(64);

/** What every scheduled follow-up carries: whose it is, why, and how it reaches the customer. */
const followUpFields = {
  followUpId: id,
  customerId: id,
  ownerId: id,
  reason: z.enum(FOLLOW_UP_REASONS),
  channel: z.enum(ENGAGEMENT_CHANNELS),
} as const;

const exampleFollowUp = {
  followUpId: 'fu-complaint_closed-01937a20-3333-7000-8000-000000000001',
  customerId: '01937a1e-1111-7000-8000-000000000001',
  ownerId: 'rep-17',
  reason: 'complaint_closed',
  channel: 'task',
} as const;

export const followUpScheduledV1 = defineEvent({
  context: 'engagement',
  name: 'FollowUpScheduled',
  version: 1,
  description:
    'A follow-up was scheduled for an owner (the rep or the key-account manager) at a time, for a reason (D9).',
  schema: z
    .object({
      ...followUpFields,
      scheduledFor: instant,
      /** The event that caused it: a visit, a complaint, a purchase, a lifecycle change. */
      sourceEventId: id,
      scheduledAt: instant,
    })
    .strict(),
  example: {
    ...exampleFollowUp,
    scheduledFor: '2026-11-26T01:00:00.000Z',
    sourceEventId: '01937a20-3333-7000-8000-0000000000aa',
    scheduledAt: '2026-11-25T01:00:00.000Z',
  },
});

/**
 * What a follow-up is about, so its owner can act on it: the complaint whose closing called for
 * the satisfaction call, by id, category and severity (codes only: the complaint's texts stay
 * sealed in the complaints service, ADR 90/110).
 */
export const followUpAboutSchema = z
  .object({
    complaintId: id,
    /** Absent only when the complaint's recording never reached engagement (older history). */
    category: z.enum(COMPLAINT_CATEGORIES).optional(),
    severity: z.enum(COMPLAINT_SEVERITIES).optional(),
  })
  .strict();

export type FollowUpAbout = z.infer<typeof followUpAboutSchema>;

/** Version 2 (ADR 124): `about` names the complaint a satisfaction call follows; v1 is read as is. */
export const followUpScheduled = defineEvent({
  context: 'engagement',
  name: 'FollowUpScheduled',
  version: 2,
  description:
    `${followUpScheduledV1.description} Version 2: \`about\` names the complaint (id, category, ` +
    'severity) a satisfaction call follows; version 1 had no `about`.',
  schema: followUpScheduledV1.schema.extend({ about: followUpAboutSchema.optional() }),
  example: {
    ...followUpScheduledV1.example,
    about: {
      complaintId: '01937a1e-3333-7000-8000-000000000001',
      category: 'delivery',
      severity: 'high',
    },
  },
  upcast: (data) => followUpScheduledV1.schema.parse(data),
});

export const followUpDue = defineEvent({
  context: 'engagement',
  name: 'FollowUpDue',
  version: 1,
  description: "A follow-up's time came: it is now an open task for its owner (D9).",
  schema: z
    .object({
      ...followUpFields,
      dueAt: instant,
    })
    .strict(),
  example: {
    ...exampleFollowUp,
    dueAt: '2026-11-26T01:00:00.000Z',
  },
});

export const followUpCompletedV1 = defineEvent({
  context: 'engagement',
  name: 'FollowUpCompleted',
  version: 1,
  description:
    "The owner recorded a follow-up's outcome, with the customer's satisfaction (1–5) when asked; the score feeds CSI (D6).",
  schema: z
    .object({
      followUpId: id,
      customerId: id,
      ownerId: id,
      reason: z.enum(FOLLOW_UP_REASONS),
      outcome: z.enum(FOLLOW_UP_OUTCOMES),
      satisfactionScore: z.number().int().min(1).max(5).optional(),
      note: z.string().max(2000).optional(),
      actorId: id,
      completedAt: instant,
    })
    .strict(),
  example: {
    followUpId: exampleFollowUp.followUpId,
    customerId: exampleFollowUp.customerId,
    ownerId: exampleFollowUp.ownerId,
    reason: exampleFollowUp.reason,
    outcome: 'reached',
    satisfactionScore: 4,
    note: 'Happy with the replacement; asked about the service contract.',
    actorId: 'rep-17',
    completedAt: '2026-11-26T02:30:00.000Z',
  },
});

export const followUpCancelledV1 = defineEvent({
  context: 'engagement',
  name: 'FollowUpCancelled',
  version: 1,
  description:
    'A pending follow-up was withdrawn (the customer was erased or merged, the owner cancelled it).',
  schema: z
    .object({
      followUpId: id,
      customerId: id,
      reason: z.string().min(1).max(500),
      actorId: id,
      cancelledAt: instant,
    })
    .strict(),
  example: {
    followUpId: exampleFollowUp.followUpId,
    customerId: exampleFollowUp.customerId,
    reason: 'customer erased',
    actorId: 'system:engagement',
    cancelledAt: '2026-11-25T09:00:00.000Z',
  },
});

export const followUpReassigned = defineEvent({
  context: 'engagement',
  name: 'FollowUpReassigned',
  version: 1,
  description:
    "An open follow-up moved to another owner because the customer's owner or key-account " +
    'manager changed (a rep left and handed over, or a manager reassigned the customer): the new ' +
    'owner sees it, makes the call and may complete it; the previous owner no longer can (D9).',
  schema: z
    .object({
      followUpId: id,
      customerId: id,
      previousOwnerId: id,
      ownerId: id,
      reassignedAt: instant,
    })
    .strict(),
  example: {
    followUpId: exampleFollowUp.followUpId,
    customerId: exampleFollowUp.customerId,
    previousOwnerId: exampleFollowUp.ownerId,
    ownerId: 'rep-21',
    reassignedAt: '2026-11-25T09:00:00.000Z',
  },
});

const greetingFields = {
  /** Deterministic: contact + occasion + year, so an occasion is greeted at most once. */
  greetingId: id,
  customerId: id,
  contactId: id,
  occasion: z.enum(GREETING_OCCASIONS),
  /** The year of the occasion the greeting belongs to. */
  year: z.number().int().min(1900).max(9999),
} as const;

const exampleGreeting = {
  greetingId: 'gr-01937a1e-5555-7000-8000-000000000001-birthday-2027',
  customerId: '01937a1e-1111-7000-8000-000000000001',
  contactId: '01937a1e-5555-7000-8000-000000000001',
  occasion: 'birthday',
  year: 2027,
} as const;

export const greetingScheduledV1 = defineEvent({
  context: 'engagement',
  name: 'GreetingScheduled',
  version: 1,
  description:
    "A greeting was scheduled for a contact's occasion at the configured local hour in the contact's time zone; emitted again when a pending greeting moves (D9).",
  schema: z
    .object({
      ...greetingFields,
      channel: z.enum(ENGAGEMENT_CHANNELS),
      scheduledFor: instant,
      timeZone,
      reason: z.string().min(1).max(500),
      scheduledAt: instant,
    })
    .strict(),
  example: {
    ...exampleGreeting,
    channel: 'email',
    scheduledFor: '2027-03-14T01:00:00.000Z',
    timeZone: 'Asia/Shanghai',
    reason: 'birthday on 03-14',
    scheduledAt: '2026-11-25T09:00:00.000Z',
  },
});

export const greetingCancelledV1 = defineEvent({
  context: 'engagement',
  name: 'GreetingCancelled',
  version: 1,
  description:
    'A pending greeting was withdrawn: the date was removed, the contact removed or opted out, the customer erased.',
  schema: z
    .object({ ...greetingFields, reason: z.string().min(1).max(500), cancelledAt: instant })
    .strict(),
  example: {
    ...exampleGreeting,
    reason: 'contact removed',
    cancelledAt: '2026-12-01T09:00:00.000Z',
  },
});

export const greetingSent = defineEvent({
  context: 'engagement',
  name: 'GreetingSent',
  version: 1,
  description:
    'A greeting was delivered through its channel (or became a task for a personal call), once per occasion.',
  schema: z
    .object({
      ...greetingFields,
      channel: z.enum(ENGAGEMENT_CHANNELS),
      attempts: z.number().int().min(1),
      sentAt: instant,
    })
    .strict(),
  example: {
    ...exampleGreeting,
    channel: 'email',
    attempts: 1,
    sentAt: '2027-03-14T01:00:02.000Z',
  },
});

export const greetingFailedV1 = defineEvent({
  context: 'engagement',
  name: 'GreetingFailed',
  version: 1,
  description:
    'A greeting could not be delivered after its retries and is dead-lettered for an operator.',
  schema: z
    .object({
      ...greetingFields,
      channel: z.enum(ENGAGEMENT_CHANNELS),
      attempts: z.number().int().min(1),
      error: z.string().min(1).max(2000),
      failedAt: instant,
    })
    .strict(),
  example: {
    ...exampleGreeting,
    channel: 'webhook',
    attempts: 5,
    error: 'HTTP 503 from the messaging gateway',
    failedAt: '2027-03-14T01:20:00.000Z',
  },
});

/** Version 2 of the events with personal fields: those fields travel sealed (ADR 90). */
export const greetingScheduled = sealedVersion(greetingScheduledV1);
export const greetingCancelled = sealedVersion(greetingCancelledV1);
export const greetingFailed = sealedVersion(greetingFailedV1);
export const followUpCompleted = sealedVersion(followUpCompletedV1);
export const followUpCancelled = sealedVersion(followUpCancelledV1);

/** Earlier versions still on the topics and in the stores: validated as written, read upcast. */
export const supersededEngagementEventDefinitions = [
  followUpScheduledV1,
  greetingScheduledV1,
  greetingCancelledV1,
  greetingFailedV1,
  followUpCompletedV1,
  followUpCancelledV1,
] as const;

export const engagementEventDefinitions = [
  followUpScheduled,
  followUpDue,
  followUpCompleted,
  followUpCancelled,
  followUpReassigned,
  greetingScheduled,
  greetingCancelled,
  greetingSent,
  greetingFailed,
] as const;

export type EngagementEvent = DomainEventOf<(typeof engagementEventDefinitions)[number]>;
