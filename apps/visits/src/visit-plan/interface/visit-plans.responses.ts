import { z } from 'zod';
import { CUSTOMER_TIERS } from '@crm/contracts';

/** The answers of the visit-plan routes (OpenAPI, and so the console's typed client). */
const tier = z.enum(CUSTOMER_TIERS);
const byTier = z.object({ A: z.int(), B: z.int(), C: z.int() });

export const visitPlanAnswer = z.object({
  month: z.string().describe('YYYY-MM'),
  rows: z
    .array(
      z.object({
        customerId: z.string(),
        customerName: z.string(),
        repId: z.string(),
        region: z.string(),
        city: z.string().optional(),
        tier,
        required: z.int(),
        planned: z.int(),
        completed: z.int(),
        missed: z.int(),
        cancelled: z.int(),
        counted: z
          .int()
          .describe(
            "on the owner's row: completed visits that satisfy the requirement, at most `required`",
          ),
        missing: z.int().describe('required visits neither counted nor planned yet'),
        compliance: z
          .number()
          .nullable()
          .describe('counted ÷ required; null when nothing is required'),
        proposedDates: z.array(z.string()).readonly().describe('a day for each missing visit'),
        phoneCallAllowed: z.boolean().describe('C-tier visits may be phone calls (D4)'),
      }),
    )
    .readonly(),
  routes: z
    .array(
      z.object({
        repId: z.string(),
        anchorCustomerId: z.string(),
        day: z.string().nullable(),
        nearby: z.array(z.object({ customerId: z.string(), name: z.string(), tier })).readonly(),
      }),
    )
    .readonly(),
  byTier: z
    .array(
      z.object({
        tier,
        customers: z.int(),
        required: z.int(),
        planned: z.int(),
        completed: z.int(),
        missing: z.int(),
        compliance: z.number().nullable(),
      }),
    )
    .readonly()
    .describe('A, B and C in that order, always all three'),
});

export const generatedPlanAnswer = z.object({
  generated: z.boolean(),
  version: z.int(),
  summary: z.object({
    month: z.string(),
    customers: byTier,
    requiredVisits: byTier,
    totalRequiredVisits: z.int(),
    reps: z.int(),
  }),
});
