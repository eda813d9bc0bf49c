import { z } from 'zod';

/** GET /analytics/complaints/kpis (D7), for the OpenAPI document and the console's typed client. */
const kpis = z.object({
  complaints: z.int(),
  open: z.int(),
  resolved: z.int(),
  resolutionHours: z.object({
    p50: z.number().nullable(),
    p90: z.number().nullable(),
    p95: z.number().nullable(),
  }),
  slaBreachRate: z.number().nullable(),
  validityRate: z.number().nullable(),
});

export const complaintKpisAnswer = z.object({
  overall: kpis,
  byDepartment: z.record(z.string(), kpis),
  bySeverity: z.record(z.string(), kpis),
  from: z.string().optional(),
  to: z.string().optional(),
});
