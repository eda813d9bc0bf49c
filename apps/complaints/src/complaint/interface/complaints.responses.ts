import { z } from 'zod';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  COMPLAINT_STEPS,
  RESOLUTION_PLANS,
  ROLES,
} from '@crm/contracts';
import { pageOf } from '@crm/platform';

/** The answers of the complaint routes (OpenAPI, and so the console's typed client). */
const status = z.enum(COMPLAINT_STATUSES);

export const recordedComplaintAnswer = z.object({
  complaintId: z.string(),
  status: z.literal('recorded'),
  version: z.int(),
  firstResponseDue: z.string().describe('ISO date-time'),
  resolutionDue: z.string().describe('ISO date-time'),
});

export const stepAnswer = z.object({
  complaintId: z.string(),
  status,
  version: z.int().describe('the stream version (also the ETag)'),
});

export const complaintPage = pageOf(
  z.object({
    complaintId: z.string(),
    customerId: z.string(),
    status: z.string(),
    severity: z.string(),
    category: z.string(),
    department: z.string().nullable(),
    handlerId: z.string().nullable(),
    recordedAt: z.string(),
    nextDue: z.string().nullable(),
    overdue: z.boolean(),
    escalationLevel: z.int(),
  }),
);

export const complaintCounts = z.object({
  items: z.array(
    z.object({ department: z.string().nullable(), status: z.string(), count: z.int() }),
  ),
});

const deadline = z.object({
  due: z.string().nullable(),
  metAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  pausedRemainingMs: z.number().nullable(),
  pausedUntil: z
    .string()
    .nullable()
    .describe('end of a limited pause: `due` is then what the deadline becomes if nobody answers'),
  nextEscalationAt: z.string().nullable(),
  overdue: z.boolean(),
});

export const complaintAnswer = z.object({
  complaintId: z.string(),
  customerId: z.string(),
  status,
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(COMPLAINT_SEVERITIES),
  recordedBy: z.string(),
  recordedAt: z.string(),
  department: z.string().nullable(),
  handlerId: z.string().nullable(),
  proposal: z
    .object({ plan: z.enum(RESOLUTION_PLANS), cost: z.number(), proposedBy: z.string() })
    .nullable(),
  deadlines: z.object({ first_response: deadline, resolution: deadline }),
  escalationLevel: z.int(),
  escalatedTo: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.int(),
  dueToAct: z
    .object({
      party: z.enum(['staff', 'customer']),
      role: z.enum(ROLES).nullable(),
      userId: z.string().nullable(),
      steps: z.array(z.enum(COMPLAINT_STEPS)).readonly(),
    })
    .nullable()
    .describe('who the workflow waits on (D7); null once closed'),
  timeline: z
    .array(
      z.object({
        sequence: z.int(),
        type: z.string(),
        at: z.string(),
        actorId: z.string(),
        data: z.record(z.string(), z.unknown()),
      }),
    )
    .readonly(),
});
