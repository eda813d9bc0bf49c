import { z } from 'zod';
import { currencyCode, longText, majorAmount, OPPORTUNITY_STAGES, text } from '@crm/contracts';
import { pageQuery } from '@crm/platform';

const id = text(200);

export const openOpportunityRequest = z
  .object({
    customerId: id,
    ownerId: id.optional(),
    title: text(200),
    /** Checked by the decider against the currency's decimals and the limit (ADR 133). */
    amount: majorAmount,
    currency: currencyCode.optional(),
    expectedCloseDate: z.iso.date(),
    stage: z.enum(OPPORTUNITY_STAGES).optional(),
  })
  .strict();
export type OpenOpportunityRequest = z.infer<typeof openOpportunityRequest>;

export const moveOpportunityRequest = z
  .object({
    stage: z.enum([...OPPORTUNITY_STAGES, 'won', 'lost']),
    reason: longText(1000).optional(),
  })
  .strict();
export type MoveOpportunityRequest = z.infer<typeof moveOpportunityRequest>;

export const opportunityIdParam = z.uuid();

export const listOpportunitiesRequest = z
  .object({
    customerId: id.optional(),
    ownerId: id.optional(),
    status: z.enum(['open', 'won', 'lost']).optional(),
    stage: z.enum(OPPORTUNITY_STAGES).optional(),
    ...pageQuery,
  })
  .strict();
export type ListOpportunitiesRequest = z.infer<typeof listOpportunitiesRequest>;
