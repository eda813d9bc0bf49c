import { z } from 'zod';
import { CUSTOMER_TIERS } from '@crm/contracts';
import { pageOf } from '@crm/platform';

/** The tier routes' answers (D3), for the OpenAPI document and the console's typed client. */
const perTier = z.object({ A: z.number(), B: z.number(), C: z.number() });
const tier = z.enum(CUSTOMER_TIERS);

const recomputation = z.object({
  recomputationId: z.string(),
  trigger: z.enum(['schedule', 'on_demand']),
  asOf: z.string(),
  windowMonths: z.int(),
  customers: z.int(),
  changed: z.int(),
  totalRevenue: z.number(),
  counts: perTier,
  countShares: perTier,
  revenue: perTier,
  revenueShares: perTier,
  skewed: z.boolean().describe('the mix is off the healthy mix by more than its tolerance (D3.4)'),
  completedAt: z.string(),
});

export const recomputeTiersAnswer = z
  .union([recomputation, z.object({ asOf: z.string(), recomputation })])
  .describe('the run just made; with `asOf`, the run that was current then');

export const tiersAnswer = z.object({
  distribution: perTier,
  latestRecomputation: recomputation.nullable(),
  currency: z.string().describe('the company currency the revenue figures are in'),
  healthyMix: z.object({ shares: perTier, tolerance: z.number() }),
  members: pageOf(
    z.object({
      customerId: z.string(),
      tier: z.string(),
      since: z.string().nullable(),
      name: z.string().nullable(),
      ownerId: z.string().nullable(),
    }),
  ),
});

export const tierHistoryAnswer = z.object({
  customerId: z.string(),
  tier: tier.optional(),
  on: z.string().describe('YYYY-MM-DD'),
  tierOn: tier.nullable(),
  history: z.array(z.object({ tier, from: z.string() })),
});
