import { z } from 'zod';
import { FOLLOW_UP_OUTCOMES, FOLLOW_UP_REASONS, longText, text } from '@crm/contracts';
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

/** The `reason` filter that stands for every reactivation reason. */
export const REACTIVATION = 'reactivation';

export const listFollowUpsRequest = z
  .object({
    ownerId: text(200).optional(),
    customerId: text(200).optional(),
    status: z.enum(['scheduled', 'due', 'completed', 'cancelled']).optional(),
    /** One reason, or `reactivation`: the calls to every drifting stage (drowsy, half asleep, dormant). */
    reason: z.enum([...FOLLOW_UP_REASONS, REACTIVATION]).optional(),
    ...pageQuery,
  })
  .strict();
export type ListFollowUpsRequest = z.infer<typeof listFollowUpsRequest>;
