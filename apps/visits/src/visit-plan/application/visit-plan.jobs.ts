import { z } from 'zod';
import { defineJob, jobId } from '@crm/jobs';

/** Generates a month's visit plan when the month begins (once: its deterministic id is the month). */
export const visitPlanGeneration = defineJob({
  queue: 'visits',
  name: 'visit-plan-generation',
  schema: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict(),
  attempts: 5,
  backoffMs: 5_000,
});

export const visitPlanGenerationId = (month: string): string => jobId('visit-plan', month);
