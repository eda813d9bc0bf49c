import { z } from 'zod';
import { SATISFACTION_GROUPINGS } from '../application/satisfaction-report';

/** The satisfaction report's answers (D6), for the OpenAPI document and the console's client. */
export const satisfactionGroupsAnswer = z.object({
  groupBy: z.enum(SATISFACTION_GROUPINGS),
  asOf: z.string(),
  groups: z.array(
    z.object({
      key: z.string(),
      csi: z.number().nullable(),
      customers: z.int(),
      scores: z.int(),
      atRisk: z.int(),
      npsAnswers: z.int().describe('survey answers with an NPS (0–10) in the 12-month window'),
      promoters: z.int().describe('NPS answers of 9–10'),
      passives: z.int().describe('NPS answers of 7–8'),
      detractors: z.int().describe('NPS answers of 0–6'),
      nps: z
        .int()
        .min(-100)
        .max(100)
        .nullable()
        .describe('% promoters − % detractors, a whole number; null without NPS answers'),
    }),
  ),
});

export const atRiskAnswer = z.object({
  asOf: z.string(),
  floor: z.number(),
  total: z.int().describe('every customer below the floor; `customers` holds the first `limit`'),
  customers: z
    .array(
      z.object({
        customerId: z.string(),
        name: z.string().nullable(),
        ownerId: z.string().nullable(),
        region: z.string().nullable(),
        csi: z.number(),
        scores: z.int(),
        lastAlert: z
          .object({ at: z.string(), reason: z.enum(['below_floor', 'sharp_drop']) })
          .nullable(),
      }),
    )
    .readonly(),
});
