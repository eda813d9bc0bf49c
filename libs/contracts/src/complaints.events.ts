import { z } from 'zod';
import { sealedVersion } from './sealed-data';
import { defineEvent, type DomainEventOf } from './event-definition';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  RESOLUTION_PLANS,
} from './complaint-workflow';

export const SLA_DEADLINE_KINDS = ['first_response', 'resolution'] as const;

export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export type SlaDeadlineKind = (typeof SLA_DEADLINE_KINDS)[number];

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().min(1).max(max);
const at = z.iso.datetime();

/** Every complaint event names its complaint, who took the step and when. */
const step = { complaintId: id, actorId: id, at };

const example = {
  complaintId: '01937a1e-3333-7000-8000-000000000001',
  actorId: 'agent-7',
  at: '2026-11-24T09:30:00.000Z',
};

export const complaintRecordedV1 = defineEvent({
  context: 'complaints',
  name: 'ComplaintRecorded',
  version: 1,
  description:
    'D7 step 1: a complaint was recorded, with its SLA deadlines. `customerWords` and `contact` are personal data.',
  schema: z
    .object({
      ...step,
      customerId: id,
      channel: z.enum(COMPLAINT_CHANNELS),
      category: z.enum(COMPLAINT_CATEGORIES),
      severity: z.enum(COMPLAINT_SEVERITIES),
      description: text(4000),
      customerWords: text(4000),
      contact: z
        .object({ name: text(200), phone: text(50).optional(), email: text(200).optional() })
        .strict()
        .optional(),
      firstResponseDue: at,
      resolutionDue: at,
    })
    .strict(),
  example: {
    ...example,
    customerId: '01937a1e-1111-7000-8000-000000000001',
    channel: 'phone',
    category: 'delivery',
    severity: 'high',
    description: 'Second delivery of 40 cartons arrived two weeks late, 3 cartons crushed.',
    customerWords: 'This is the second time this quarter. We had to stop our line for a day.',
    contact: { name: 'Wang Li', phone: '+86 571 8888 0000' },
    firstResponseDue: '2026-11-24T13:30:00.000Z',
    resolutionDue: '2026-11-27T09:30:00.000Z',
  },
});

export const complaintValidatedV1 = defineEvent({
  context: 'complaints',
  name: 'ComplaintValidated',
  version: 1,
  description: 'D7 step 2: the complaint is well-founded (投诉成立).',
  schema: z.object({ ...step, note: text(2000).optional() }).strict(),
  example: { ...example, note: 'Delivery records confirm the delay.' },
});

export const complaintRejectedV1 = defineEvent({
  context: 'complaints',
  name: 'ComplaintRejected',
  version: 1,
  description:
    'D7 step 2: the complaint is not well-founded; `reason` is the reply to the customer.',
  schema: z.object({ ...step, reason: text(2000) }).strict(),
  example: {
    ...example,
    reason: 'The goods were delivered on the agreed date; signed receipt attached.',
  },
});

export const complaintAssignedV1 = defineEvent({
  context: 'complaints',
  name: 'ComplaintAssigned',
  version: 1,
  description: 'D7 step 3: a responsible department and handler, with the cause analysis.',
  schema: z
    .object({ ...step, department: text(100), handlerId: id, causeAnalysis: text(4000) })
    .strict(),
  example: {
    ...example,
    department: 'logistics',
    handlerId: 'agent-12',
    causeAnalysis: 'Carrier changed the route without notice; pallets were restacked.',
  },
});

export const resolutionProposedV1 = defineEvent({
  context: 'complaints',
  name: 'ResolutionProposed',
  version: 1,
  description: 'D7 step 4: a handling plan with its cost (company currency).',
  schema: z
    .object({
      ...step,
      plan: z.enum(RESOLUTION_PLANS),
      description: text(4000),
      cost: z.number().min(0),
    })
    .strict(),
  example: {
    ...example,
    plan: 'replace',
    description: 'Replace the 3 crushed cartons by express.',
    cost: 1800,
  },
});

export const resolutionApproved = defineEvent({
  context: 'complaints',
  name: 'ResolutionApproved',
  version: 1,
  description:
    'D7 step 5: the plan was approved; `higherApproval` when its cost needed the higher approver.',
  schema: z.object({ ...step, cost: z.number().min(0), higherApproval: z.boolean() }).strict(),
  example: { ...example, actorId: 'supervisor-3', cost: 1800, higherApproval: false },
});

export const resolutionSentBackV1 = defineEvent({
  context: 'complaints',
  name: 'ResolutionSentBack',
  version: 1,
  description: 'D7 step 5: the plan was sent back to step 4.',
  schema: z.object({ ...step, reason: text(2000) }).strict(),
  example: { ...example, actorId: 'supervisor-3', reason: 'Offer an apology letter as well.' },
});

export const customerNotified = defineEvent({
  context: 'complaints',
  name: 'CustomerNotified',
  version: 1,
  description:
    'D7 step 6: the customer was told the plan. The resolution clock pauses: `resolutionRemainingMs` is what was left. With a wait limit the pause ends at `waitEndsAt` if the customer has not answered by then, and the resolution is then due at `resolutionDue` (both absent: the pause has no limit).',
  schema: z
    .object({
      ...step,
      channel: z.enum(COMPLAINT_CHANNELS),
      resolutionRemainingMs: z.number().int().min(0),
      waitEndsAt: at.optional(),
      resolutionDue: at.optional(),
    })
    .strict(),
  example: {
    ...example,
    channel: 'phone',
    resolutionRemainingMs: 172_800_000,
    waitEndsAt: '2026-11-27T09:30:00.000Z',
    resolutionDue: '2026-11-29T09:30:00.000Z',
  },
});

export const customerRespondedV1 = defineEvent({
  context: 'complaints',
  name: 'CustomerResponded',
  version: 1,
  description:
    'D7 step 6: the customer agreed to the plan (or not: back to step 4). The resolution clock resumes at `resolutionDue`.',
  schema: z
    .object({ ...step, agreed: z.boolean(), comment: text(2000).optional(), resolutionDue: at })
    .strict(),
  example: { ...example, agreed: true, resolutionDue: '2026-11-26T09:30:00.000Z' },
});

export const resolutionImplementedV1 = defineEvent({
  context: 'complaints',
  name: 'ResolutionImplemented',
  version: 1,
  description: 'D7 step 7: the plan was carried out; the resolution deadline is met.',
  schema: z.object({ ...step, note: text(2000).optional() }).strict(),
  example: { ...example, note: 'Replacement cartons signed for on 25 Nov.' },
});

export const accountabilityRecordedV1 = defineEvent({
  context: 'complaints',
  name: 'AccountabilityRecorded',
  version: 1,
  description: 'D7 step 8: who was responsible and the action taken (may be "none").',
  schema: z.object({ ...step, responsiblePerson: text(200), actionTaken: text(2000) }).strict(),
  example: {
    ...example,
    responsiblePerson: 'carrier: Eastline Freight',
    actionTaken: 'Carrier charged for damage.',
  },
});

export const complaintClosedV1 = defineEvent({
  context: 'complaints',
  name: 'ComplaintClosed',
  version: 1,
  description:
    'D7 step 9: closed with the evaluation: customer satisfaction 1–5 and a summary/lesson.',
  schema: z
    .object({
      ...step,
      satisfaction: z.number().int().min(1).max(5),
      summary: text(4000),
      rejected: z.boolean(),
    })
    .strict(),
  example: {
    ...example,
    satisfaction: 4,
    summary: 'Confirm carrier route changes with the customer before dispatch.',
    rejected: false,
  },
});

export const complaintReopenedV1 = defineEvent({
  context: 'complaints',
  name: 'ComplaintReopened',
  version: 1,
  description:
    'A closed complaint was reopened within the reopen window; a new resolution deadline runs.',
  schema: z.object({ ...step, reason: text(2000), resolutionDue: at }).strict(),
  example: {
    ...example,
    reason: 'One replacement carton was also damaged.',
    resolutionDue: '2026-12-04T09:30:00.000Z',
  },
});

export const complaintSlaBreached = defineEvent({
  context: 'complaints',
  name: 'ComplaintSlaBreached',
  version: 1,
  description:
    'An SLA deadline passed unmet. Appended once per deadline, together with ComplaintEscalated.',
  schema: z.object({ ...step, deadlineKind: z.enum(SLA_DEADLINE_KINDS), deadline: at }).strict(),
  example: {
    ...example,
    actorId: 'system:complaint-sla',
    deadlineKind: 'first_response',
    deadline: '2026-11-24T13:30:00.000Z',
  },
});

export const complaintEscalated = defineEvent({
  context: 'complaints',
  name: 'ComplaintEscalated',
  version: 1,
  description:
    'The complaint went one level up (`level` 1, 2, …) to `escalatedTo` after an SLA breach, and again after each further interval while the deadline stays unmet: a person up the organization directory from the handler (their supervisor, then theirs), else a role of the configured ladder.',
  schema: z
    .object({
      ...step,
      level: z.number().int().min(1),
      /** A person id from the organization directory, or a role of the ladder when it names nobody. */
      escalatedTo: text(100),
      deadlineKind: z.enum(SLA_DEADLINE_KINDS),
      /** When it escalates again if the deadline is still unmet (absent on older events: never). */
      nextEscalationAt: z.iso.datetime().optional(),
    })
    .strict(),
  example: {
    ...example,
    actorId: 'system:complaint-sla',
    level: 1,
    escalatedTo: 'supervisor-1',
    deadlineKind: 'first_response',
    nextEscalationAt: '2026-11-24T17:30:00.000Z',
  },
});

/** Version 2 of the events with personal fields: those fields travel sealed (ADR 90). */
export const complaintRecorded = sealedVersion(complaintRecordedV1);
export const complaintValidated = sealedVersion(complaintValidatedV1);
export const complaintRejected = sealedVersion(complaintRejectedV1);
export const complaintAssigned = sealedVersion(complaintAssignedV1);
export const resolutionProposed = sealedVersion(resolutionProposedV1);
export const resolutionSentBack = sealedVersion(resolutionSentBackV1);
export const customerResponded = sealedVersion(customerRespondedV1);
export const resolutionImplemented = sealedVersion(resolutionImplementedV1);
export const accountabilityRecorded = sealedVersion(accountabilityRecordedV1);
export const complaintClosed = sealedVersion(complaintClosedV1);
export const complaintReopened = sealedVersion(complaintReopenedV1);

/** Earlier versions still on the topics and in the stores: validated as written, read upcast. */
export const supersededComplaintEventDefinitions = [
  complaintRecordedV1,
  complaintValidatedV1,
  complaintRejectedV1,
  complaintAssignedV1,
  resolutionProposedV1,
  resolutionSentBackV1,
  customerRespondedV1,
  resolutionImplementedV1,
  accountabilityRecordedV1,
  complaintClosedV1,
  complaintReopenedV1,
] as const;

export const complaintEventDefinitions = [
  complaintRecorded,
  complaintValidated,
  complaintRejected,
  complaintAssigned,
  resolutionProposed,
  resolutionApproved,
  resolutionSentBack,
  customerNotified,
  customerResponded,
  resolutionImplemented,
  accountabilityRecorded,
  complaintClosed,
  complaintReopened,
  complaintSlaBreached,
  complaintEscalated,
] as const;

export type ComplaintEvent = DomainEventOf<(typeof complaintEventDefinitions)[number]>;
