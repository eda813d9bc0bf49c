import { z } from 'zod';
import { currencyCode, longText, OPPORTUNITY_STAGES, text } from '@crm/contracts';
import { pageQuery } from '@crm/platform';

const id = text(200);

/**
 * An amount in major units of its currency (ADR 90, 133): a JSON number as before (120000.5) or a
 * decimal string, exact at any size ("120000.50"). Its decimals and the limit are checked by the
 * decider against the currency; never rounded.
 */
const amount = z.union([
  z.number().positive().finite(),
  z.string().regex(/^\d{1,20}(\.\d{1,20})?$/, 'must be a decimal amount, e.g. "120000.50"'),
]);

export const openOpportunityRequest = z
  .object({
    customerId: id,
    ownerId: id.optional(),
    title: text(200),
    amount,
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
