import { z } from 'zod';

/** GET /analytics/visit-compliance (D4), for the OpenAPI document and the console's typed client. */
const compliance = z.object({
  compliance: z.number().nullable().describe('completed ÷ required; null when nothing is required'),
  required: z.int(),
  completed: z.int(),
  planned: z.int(),
  customers: z.int(),
});

export const visitComplianceAnswer = z.object({
  month: z.string().describe('YYYY-MM'),
  required: z.object({ A: z.int(), B: z.int(), C: z.int() }),
  total: compliance,
  byTier: z.record(z.string(), compliance),
  byRep: z.array(compliance.extend({ repId: z.string() })),
});
