import { z } from 'zod';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  longText,
  RESOLUTION_PLANS,
  text,
} from '@crm/contracts';
import { pageQuery } from '@crm/platform';
import { COMPLAINT_STATUSES } from '@crm/contracts';

export const complaintIdParam = z.uuid();

export const recordComplaintRequest = z
  .object({
    customerId: text(100),
    channel: z.enum(COMPLAINT_CHANNELS),
    category: z.enum(COMPLAINT_CATEGORIES),
    severity: z.enum(COMPLAINT_SEVERITIES),
    description: longText(4000),
    customerWords: longText(4000),
    contact: z
      .object({ name: text(200), phone: text(50).optional(), email: z.email().max(200).optional() })
      .strict()
      .optional(),
  })
  .strict();

export const validateRequest = z
  .object({
    wellFounded: z.boolean(),
    note: longText(2000).optional(),
    reason: longText(2000).optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (!body.wellFounded && body.reason === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'the reply to the customer is required when rejecting',
      });
    }
  });

export const assignRequest = z
  .object({ department: text(100), handlerId: text(100), causeAnalysis: longText(4000) })
  .strict();

export const proposeRequest = z
  .object({
    plan: z.enum(RESOLUTION_PLANS),
    description: longText(4000),
    cost: z.number().finite().min(0).max(1e12),
  })
  .strict();

/** Steps without required fields may be posted with no body at all. */
export const approveRequest = z.object({}).strict().prefault({});
export const sendBackRequest = z.object({ reason: longText(2000) }).strict();
export const notifyCustomerRequest = z.object({ channel: z.enum(COMPLAINT_CHANNELS) }).strict();
export const customerResponseRequest = z
  .object({ agreed: z.boolean(), comment: longText(2000).optional() })
  .strict();
export const implementRequest = z
  .object({ note: longText(2000).optional() })
  .strict()
  .prefault({});
export const accountabilityRequest = z
  .object({ responsiblePerson: text(200), actionTaken: longText(2000) })
  .strict();
export const closeRequest = z
  .object({ satisfaction: z.number().int().min(1).max(5), summary: longText(4000) })
  .strict();
export const reopenRequest = z.object({ reason: longText(2000) }).strict();

export const listComplaintsRequest = z
  .object({
    status: z.enum(COMPLAINT_STATUSES).optional(),
    department: text(100).optional(),
    severity: z.enum(COMPLAINT_SEVERITIES).optional(),
    customerId: text(100).optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
    ...pageQuery,
  })
  .strict();

export type RecordComplaintRequest = z.infer<typeof recordComplaintRequest>;
export type ListComplaintsRequest = z.infer<typeof listComplaintsRequest>;
