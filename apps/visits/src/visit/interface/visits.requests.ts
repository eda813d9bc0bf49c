import { z } from 'zod';
import {
  longText,
  SALES_PROGRESS_ITEMS,
  text,
  VISIT_CHANNELS,
  withSafeCharacters,
} from '@crm/contracts';
import { pageQuery } from '@crm/platform';
import { isTimeZone } from '@crm/calendar';

const id = text(200);
const calendarDate = z.iso.date();
export const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

export const planVisitRequest = z
  .object({
    customerId: id,
    repId: id.optional(),
    plannedDate: calendarDate,
    timeZone: withSafeCharacters(z.string().max(64))
      .refine(isTimeZone, 'must be an IANA time zone')
      .optional(),
    channel: z.enum(VISIT_CHANNELS),
    purpose: longText(1000),
    opportunityId: id.optional(),
  })
  .strict();
export type PlanVisitRequest = z.infer<typeof planVisitRequest>;

export const completeVisitRequest = z
  .object({
    outcome: longText(4000),
    feedbackScore: z.number().int().min(1).max(5),
    progress: z.array(z.enum(SALES_PROGRESS_ITEMS)).max(SALES_PROGRESS_ITEMS.length).default([]),
  })
  .strict();
export type CompleteVisitRequest = z.infer<typeof completeVisitRequest>;

export const cancelVisitRequest = z.object({ reason: longText(1000) }).strict();
export type CancelVisitRequest = z.infer<typeof cancelVisitRequest>;

export const rescheduleVisitRequest = z
  .object({ plannedDate: calendarDate, reason: longText(1000).optional() })
  .strict();
export type RescheduleVisitRequest = z.infer<typeof rescheduleVisitRequest>;

export const visitIdParam = z.uuid();

export const listVisitsRequest = z
  .object({
    customerId: id.optional(),
    repId: id.optional(),
    month: monthParam.optional(),
    status: z.enum(['planned', 'completed', 'cancelled', 'missed']).optional(),
    ...pageQuery,
  })
  .strict();
export type ListVisitsRequest = z.infer<typeof listVisitsRequest>;

export const visitPlanRequest = z.object({ repId: id.optional() }).strict();
