import { z } from 'zod';

/** The 360 view's answers, for the OpenAPI document and the console's typed client. */
export const customer360Answer = z.object({
  customerId: z.string(),
  profile: z
    .object({
      name: z.string(),
      nature: z.string(),
      region: z.string(),
      ownerId: z.string(),
      registeredAt: z.string(),
    })
    .nullable()
    .describe("null until the customer's registration reached analytics"),
  tier: z.string().nullable(),
  lifecycle: z.string().nullable(),
  csi: z.number().nullable(),
  satisfactionAlerts: z.int(),
  openComplaints: z
    .array(
      z.object({
        complaintId: z.string(),
        severity: z.string().nullable(),
        status: z.string().nullable(),
        recordedAt: z.string().nullable(),
      }),
    )
    .readonly(),
  nextVisit: z
    .object({ visitId: z.string(), plannedDate: z.string(), repId: z.string().nullable() })
    .nullable(),
  funnel: z.object({
    currency: z.string(),
    openOpportunities: z.int(),
    openAmount: z.number(),
    weightedPipeline: z.number(),
    byCurrency: z
      .array(
        z.object({
          currency: z.string(),
          openOpportunities: z.int(),
          openAmount: z.number(),
          weightedPipeline: z.number(),
          overdue: z.object({ opportunities: z.int(), amount: z.number() }),
          exact: z.object({ openAmount: z.string(), weightedPipeline: z.string() }),
        }),
      )
      .readonly(),
  }),
  eventCount: z.int(),
  updatedAt: z.string(),
});

export const satisfactionTrendAnswer = z.object({
  customerId: z.string(),
  asOf: z.string(),
  csi: z.number().nullable().describe('the CSI as of now (as on the 360 view)'),
  floor: z.number().describe('the alert floor'),
  points: z
    .array(
      z.object({
        at: z.string(),
        source: z.enum(['visit', 'complaint', 'follow_up', 'survey']),
        score: z.number().describe("1–5; a survey's is the mean of its questions' answers"),
        csi: z.number().describe('the CSI right after this score'),
      }),
    )
    .readonly(),
  alerts: z
    .array(
      z.object({
        at: z.string(),
        reason: z.enum(['below_floor', 'sharp_drop']),
        csi: z.number(),
        peakCsi: z.number().nullable(),
      }),
    )
    .readonly(),
});
