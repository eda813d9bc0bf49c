import { z } from 'zod';
import { OPPORTUNITY_STAGES } from '@crm/contracts';

/** GET /analytics/funnel (D10), for the OpenAPI document and so the console's typed client. */
export const funnelAnswer = z.object({
  period: z.string().describe('YYYY-MM'),
  currency: z.string().describe('the company currency the totals are in'),
  closedRevenue: z.number(),
  weightedPipeline: z.number(),
  forecast: z.number(),
  openAmount: z.number(),
  openOpportunities: z.int(),
  wonOpportunities: z.int(),
  overdueOpportunities: z.int(),
  byCurrency: z.array(
    z.object({
      currency: z.string(),
      closedRevenue: z.number(),
      weightedPipeline: z.number(),
      forecast: z.number(),
      openAmount: z.number(),
      openOpportunities: z.int(),
      overdue: z.object({ opportunities: z.int(), amount: z.number() }),
      exact: z
        .object({
          closedRevenue: z.string(),
          weightedPipeline: z.string(),
          forecast: z.string(),
          openAmount: z.string(),
        })
        .describe('the same figures as exact decimal strings'),
    }),
  ),
  stages: z.array(
    z.object({
      stage: z.enum(OPPORTUNITY_STAGES),
      winRate: z.number(),
      opportunities: z.int(),
      amount: z.number(),
      byCurrency: z.array(z.object({ currency: z.string(), amount: z.number() })),
    }),
  ),
});
