import { z } from 'zod';
import { defineEvent, type DomainEventOf } from './event-definition';
import { LIFECYCLE_STAGES, type LifecycleStage } from './lifecycle-stages';

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

const tierFigures = z
  .object({ A: z.number().min(0), B: z.number().min(0), C: z.number().min(0) })
  .strict();

export const tierRecomputationCompleted = defineEvent({
  context: 'analytics',
  name: 'TierRecomputationCompleted',
  version: 1,
  description:
    'An ABC recomputation finished (D3.4): the mix by count and by revenue, whether it is skewed from the healthy mix, and how many tiers changed.',
  schema: z
    .object({
      recomputationId: z.string().min(1).max(200),
      trigger: z.enum(['schedule', 'on_demand']),
      asOf: z.iso.datetime(),
      windowMonths: z.number().int().positive(),
      customers: z.number().int().min(0),
      changed: z.number().int().min(0),
      totalRevenue: z.number().min(0),
      counts: tierFigures,
      countShares: tierFigures,
      revenue: tierFigures,
      revenueShares: tierFigures,
      skewed: z.boolean(),
      completedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    recomputationId: '01937a1e-9999-7000-8000-000000000001',
    trigger: 'schedule',
    asOf: '2026-11-25T02:00:00.000Z',
    windowMonths: 12,
    customers: 10,
    changed: 2,
    totalRevenue: 1000,
    counts: { A: 2, B: 4, C: 4 },
    countShares: { A: 0.2, B: 0.4, C: 0.4 },
    revenue: { A: 600, B: 300, C: 100 },
    revenueShares: { A: 0.6, B: 0.3, C: 0.1 },
    skewed: false,
    completedAt: '2026-11-25T02:00:03.000Z',
  },
});

export const SATISFACTION_ALERT_REASONS = ['below_floor', 'sharp_drop'] as const;

export const satisfactionAlertRaised = defineEvent({
  context: 'analytics',
  name: 'SatisfactionAlertRaised',
  version: 1,
  description:
    "Early warning (D6): a customer's CSI fell below the floor or dropped sharply. Raised once per episode, for the owner and supervisor.",
  schema: z
    .object({
      customerId: z.string().min(1).max(200),
      ownerId: z.string().min(1).max(200).nullable(),
      /**
       * The owner's supervisor in the organization directory, alerted with the owner (D6); null
       * when the directory names none. Absent on alerts raised before the directory was consulted.
       */
      supervisorId: z.string().min(1).max(200).nullable().optional(),
      reason: z.enum(SATISFACTION_ALERT_REASONS),
      csi: z.number().min(0).max(100),
      /** The highest CSI within the drop window before this score. */
      peakCsi: z.number().min(0).max(100).nullable(),
      floor: z.number().min(0).max(100),
      maxDrop: z.number().min(0).max(100),
      /** The event (visit, complaint closure, follow-up) whose score began the episode. */
      triggeringEventId: z.string().min(1).max(200),
      scoredAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    ownerId: 'rep-17',
    supervisorId: 'manager-east',
    reason: 'sharp_drop',
    csi: 62.5,
    peakCsi: 81.2,
    floor: 60,
    maxDrop: 15,
    triggeringEventId: '01937a1e-7777-7000-8000-000000000001',
    scoredAt: '2026-11-24T09:30:00.000Z',
  },
});

export const customerSatisfactionChanged = defineEvent({
  context: 'analytics',
  name: 'CustomerSatisfactionChanged',
  version: 1,
  description:
    "A new satisfaction score (visit feedback, complaint closure, follow-up call) gave the customer's " +
    'CSI (D6) as of `asOf`: the recency-weighted mean of its scores of the last 12 months, 0–100 to ' +
    'the hundredth. Published for every score; the CSI carried holds until the next score, or until ' +
    'its oldest score leaves the 12-month window.',
  schema: z
    .object({
      customerId: z.string().min(1).max(200),
      csi: z.number().min(0).max(100),
      /** How many scores the CSI is the mean of. */
      scores: z.number().int().min(1),
      /** The event (visit, complaint closure, follow-up) whose score this is. */
      triggeringEventId: z.string().min(1).max(200),
      asOf: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    csi: 68.75,
    scores: 4,
    triggeringEventId: '01937a1e-7777-7000-8000-000000000001',
    asOf: '2026-11-24T09:30:05.000Z',
  },
});

export { LIFECYCLE_STAGES, type LifecycleStage };

export const customerLifecycleChanged = defineEvent({
  context: 'analytics',
  name: 'CustomerLifecycleChanged',
  version: 1,
  description:
    "A customer's lifecycle stage changed (D5): drowsy / half_asleep / dormant / lost from its own purchase interval, or back to active after a purchase.",
  schema: z
    .object({
      customerId: z.string().min(1).max(200),
      previousStage: z.enum(LIFECYCLE_STAGES).nullable(),
      stage: z.enum(LIFECYCLE_STAGES),
      intervalDays: z.number().positive(),
      daysSinceLastPurchase: z.number().min(0).nullable(),
      lastPurchaseAt: z.iso.datetime().nullable(),
      effectiveAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    previousStage: 'active',
    stage: 'drowsy',
    intervalDays: 10,
    daysSinceLastPurchase: 21,
    lastPurchaseAt: '2026-11-03T00:00:00.000Z',
    effectiveAt: '2026-11-24T18:30:00.000Z',
  },
});

/** Why a customer was marked lost: codes only, so the event carries no free text about anyone. */
export const LOST_REASONS = [
  'went_to_competitor',
  'business_closed',
  'unreachable',
  'no_longer_needs',
  'other',
] as const;

export const customerMarkedLost = defineEvent({
  context: 'analytics',
  name: 'CustomerMarkedLost',
  version: 1,
  description:
    'Someone marked the customer lost (D5) with a reason; the event metadata names who. It holds ' +
    'until the customer buys again (a purchase on the day of the marking or later). A ' +
    'CustomerLifecycleChanged to `lost` follows in the same commit.',
  schema: z
    .object({
      customerId: z.string().min(1).max(200),
      reason: z.enum(LOST_REASONS),
      markedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    reason: 'went_to_competitor',
    markedAt: '2026-11-24T18:30:00.000Z',
  },
});

export const analyticsEventDefinitions = [
  customerTierChanged,
  tierRecomputationCompleted,
  satisfactionAlertRaised,
  customerSatisfactionChanged,
  customerLifecycleChanged,
  customerMarkedLost,
] as const;

export type AnalyticsEvent = DomainEventOf<(typeof analyticsEventDefinitions)[number]>;
