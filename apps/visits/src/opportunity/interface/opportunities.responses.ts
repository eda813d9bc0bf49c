import { z } from 'zod';
import { OPPORTUNITY_STAGES } from '@crm/contracts';
import { pageOf } from '@crm/platform';

/** The answers of the opportunity routes (OpenAPI, and so the console's typed client). */
const amount = z
  .string()
  .describe('major units as an exact decimal string ("12800.50"), in `currency`');

export const openedOpportunityAnswer = z.object({ opportunityId: z.string(), version: z.int() });

export const movedOpportunityAnswer = z.object({
  opportunityId: z.string(),
  version: z.int(),
  status: z.string(),
  stage: z.string(),
  winRate: z.number(),
});

export const opportunityAnswer = z.object({
  opportunityId: z.string(),
  customerId: z.string(),
  ownerId: z.string(),
  region: z.string(),
  title: z.string(),
  expectedCloseDate: z.string().describe('YYYY-MM-DD'),
  amount,
  currency: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  stage: z.enum(OPPORTUNITY_STAGES),
  winRate: z.number(),
  version: z.int(),
});

export const opportunityPage = pageOf(
  z.object({
    opportunityId: z.string(),
    customerId: z.string(),
    ownerId: z.string(),
    region: z.string(),
    title: z.string(),
    amount,
    currency: z.string(),
    expectedCloseDate: z.string(),
    status: z.string(),
    stage: z.string(),
    winRate: z.number(),
  }),
);
