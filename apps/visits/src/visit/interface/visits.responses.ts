import { z } from 'zod';
import { SALES_PROGRESS_ITEMS, VISIT_CHANNELS } from '@crm/contracts';
import { pageOf } from '@crm/platform';

/** The answers of the visit routes (OpenAPI, and so the console's typed client). */
const visitStatus = z.enum(['planned', 'completed', 'cancelled', 'missed']);

export const visitChangeAnswer = z.object({
  visitId: z.string(),
  version: z.int().describe('the stream version (also the ETag)'),
  status: visitStatus,
});

export const visitAnswer = z.object({
  visitId: z.string(),
  customerId: z.string(),
  repId: z.string(),
  region: z.string(),
  plannedDate: z.string().describe('YYYY-MM-DD'),
  timeZone: z.string(),
  channel: z.enum(VISIT_CHANNELS),
  purpose: z.string(),
  opportunityId: z.string().optional(),
  status: visitStatus,
  outcome: z.string().optional(),
  feedbackScore: z.number().optional(),
  progress: z.array(z.enum(SALES_PROGRESS_ITEMS)).readonly().optional(),
  version: z.int(),
});

export const visitPage = pageOf(
  z.object({
    visitId: z.string(),
    customerId: z.string(),
    repId: z.string(),
    region: z.string(),
    plannedDate: z.string().describe('YYYY-MM-DD'),
    channel: z.string(),
    purpose: z.string(),
    status: z.string(),
    feedbackScore: z.number().optional(),
    progress: z.array(z.string()).readonly().optional(),
    opportunityId: z.string().optional(),
  }),
);
