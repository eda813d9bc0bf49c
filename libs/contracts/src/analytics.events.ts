import { z } from 'zod';
import { defineEvent, type DomainEventOf } from './event-definition';

export const CUSTOMER_TIERS = ['A', 'B', 'C'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const customerTierChanged = defineEvent({
  context: 'analytics',
  name: 'CustomerTierChanged',
  version: 1,
  description:
    "A customer's ABC tier changed (D3), with the tier before and after and the revenue figures behind it.",
  schema: z
    .object({
      customerId: z.string().min(1).max(200),
      previousTier: z.enum(CUSTOMER_TIERS).nullable(),
      tier: z.enum(CUSTOMER_TIERS),
      revenue: z.number().min(0),
      revenueAbove: z.number().min(0),
      totalRevenue: z.number().min(0),
      effectiveAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    previousTier: 'B',
    tier: 'A',
    revenue: 400,
    revenueAbove: 0,
    totalRevenue: 1000,
    effectiveAt: '2026-11-25T02:00:00.000Z',
  },
});

export const analyticsEventDefinitions = [customerTierChanged] as const;

export type AnalyticsEvent = DomainEventOf<(typeof analyticsEventDefinitions)[number]>;
