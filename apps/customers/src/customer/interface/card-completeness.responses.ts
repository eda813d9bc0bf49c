import { z } from 'zod';
import { CARD_CHECKS } from '@apps/customers/src/customer/domain/card-completeness';

/**
 * The answers of the completeness routes, for the OpenAPI document (and so the console's typed
 * client). The controller's return types are checked against them.
 */
const check = z.enum(CARD_CHECKS);
const nextCursor = z.string().nullable().describe('pass as `cursor` for the next page');

export const completenessResponse = z.object({
  checks: z.array(check).readonly().describe('the D1 checks, in the order of the figures'),
  items: z
    .array(
      z.object({
        repId: z.string(),
        repName: z.string().nullable().describe('from the organization directory'),
        region: z.string().nullable().describe("the rep's region in the directory"),
        cards: z.int().describe('cards the rep owns, within the caller’s scope'),
        complete: z.int().describe('cards passing every check'),
        averageScore: z
          .number()
          .describe('mean of the cards’ scores (checks passed ÷ checks), percent, one decimal'),
        missing: z
          .object(Object.fromEntries(CARD_CHECKS.map((name) => [name, z.int()])))
          .describe('cards failing each check'),
      }),
    )
    .readonly(),
  nextCursor,
});

export const incompleteCardsResponse = z.object({
  items: z
    .array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        region: z.string(),
        ownerId: z.string(),
        score: z.int().describe('checks passed ÷ checks, whole percent'),
        missing: z.array(check).readonly().describe('the checks it fails'),
      }),
    )
    .readonly(),
  nextCursor,
});
