import { z } from 'zod';
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES, FOLLOW_UP_REASONS } from '@crm/contracts';
import { pageOf } from '@crm/platform';

/** The follow-up routes' answers (D9), for the OpenAPI document and the console's typed client. */
export const followUpPage = pageOf(
  z.object({
    followUpId: z.string(),
    customerId: z.string(),
    customerName: z
      .string()
      .nullable()
      .describe("the customer's name from the 360 view; null until it has the registration"),
    ownerId: z.string(),
    reason: z.string().describe(`one of ${FOLLOW_UP_REASONS.join(', ')}`),
    channel: z.string(),
    status: z.enum(['scheduled', 'due', 'completed', 'cancelled']),
    scheduledFor: z.string().describe('ISO date-time'),
    about: z
      .object({
        complaintId: z.string(),
        category: z.enum(COMPLAINT_CATEGORIES).optional(),
        severity: z.enum(COMPLAINT_SEVERITIES).optional(),
      })
      .optional()
      .describe('the complaint a satisfaction call follows'),
    outcome: z.string().optional(),
    satisfactionScore: z.number().optional(),
    completedAt: z.string().optional(),
    version: z.int(),
  }),
);

export const followUpCompleted = z.object({
  followUpId: z.string(),
  status: z.literal('completed'),
  version: z.int(),
});

export const occasionPlanned = z.object({
  greetingId: z.string(),
  scheduledFor: z.string().describe('ISO date-time the greeting goes out'),
});
