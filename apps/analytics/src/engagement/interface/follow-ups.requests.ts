import { z } from 'zod';
import { FOLLOW_UP_OUTCOMES, longText, text } from '@crm/contracts';
import { pageQuery } from '@crm/platform';

export const followUpIdParam = z
  .string()
  .min(1)
  .max(300)
  .regex(/^fu-[A-Za-z0-9_.-]+$/, 'must be a follow-up id');

export const completeFollowUpRequest = z
  .object({
    outcome: z.enum(FOLLOW_UP_OUTCOMES),
    satisfactionScore: z.number().int().min(1).max(5).optional(),
    note: longText(2000).optional(),
  })
  .strict();
export type CompleteFollowUpRequest = z.infer<typeof completeFollowUpRequest>;

export const listFollowUpsRequest = z
  .object({
    ownerId: text(200).optional(),
    customerId: text(200).optional(),
    status: z.enum(['scheduled', 'due', 'completed', 'cancelled']).optional(),
    ...pageQuery,
  })
  .strict();
export type ListFollowUpsRequest = z.infer<typeof listFollowUpsRequest>;
