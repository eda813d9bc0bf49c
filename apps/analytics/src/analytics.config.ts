import { z } from 'zod';
import { currencyCode, OPPORTUNITY_STAGES } from '@crm/contracts';
import {
  loadConfig,
  serviceConfigSchema,
  serviceIdentity,
  timeZoneSetting as timeZone,
} from '@crm/platform';
import type { ComplianceRules, OpportunityStage } from '@crm/contracts';
import type { CsiRule, AlertRule } from './satisfaction/domain/csi';
import type { NpsRule } from './satisfaction/domain/survey-scores';
import type { LifecycleRule } from './lifecycle/domain/lifecycle';
import type { LoyaltyRule } from './loyalty/domain/loyalty';
import type { HealthyMix, TierRule } from './tiers/domain/abc-tiering';
import { engagementConfigShape } from './engagement/engagement.config';

const share = z.coerce.number().min(0).max(1);
const positive = z.coerce.number().positive();
const positiveInt = z.coerce.number().int().positive();

/** Five cron fields, e.g. `0 2 * * *` (02:00 every day), or six with leading seconds. */
const cron = z
  .string()
  .regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron pattern of five fields, e.g. 0 2 * * *');

/** `A:3,B:2,C:1`: one non-negative integer per tier. */
const perTier = z
  .string()
  .regex(/^[ABC]:\d+(,[ABC]:\d+){2}$/, 'must be A:n,B:n,C:n')
  .transform(
    (value) =>
      Object.fromEntries(
        value
          .split(',')
          .map((pair) => pair.split(':'))
          .map(([tier, n]) => [tier, Number(n)]),
      ) as Record<'A' | 'B' | 'C', number>,
  )
  .refine((counts) => ['A', 'B', 'C'].every((tier) => tier in counts), 'must name A, B and C');

/** `0.2,0.4,0.4`: shares of A, B and C. */
const tierShares = z
  .string()
  .regex(/^\d*\.?\d+,\d*\.?\d+,\d*\.?\d+$/, 'must be three shares, e.g. 0.2,0.4,0.4')
  .transform((value) => {
    const [a, b, c] = value.split(',').map(Number);
    return { A: a!, B: b!, C: c! };
  });

/** `5,10,20,30,50,80`: win rate in percent of each open funnel stage, in stage order. */
const winRates = z
  .string()
  .transform((value) => value.split(',').map((rate) => Number(rate.trim())))
  .refine(
    (rates) =>
      rates.length === OPPORTUNITY_STAGES.length &&
      rates.every((rate) => Number.isFinite(rate) && rate >= 0 && rate <= 100),
    `must be ${OPPORTUNITY_STAGES.length} percentages (one per stage: ${OPPORTUNITY_STAGES.join(', ')})`,
  );

/** `90,365,730,1825`: where each tenure bucket after the first begins, in days, increasing. */
const tenureBounds = z
  .string()
  .transform((value) => value.split(',').map((days) => Number(days.trim())))
  .refine(
    (bounds) =>
      bounds.length === 4 &&
      bounds.every(
        (days, index) =>
          Number.isInteger(days) && days > 0 && (index === 0 || days > bounds[index - 1]!),
      ),
    'must be four increasing whole numbers of days, e.g. 90,365,730,1825',
  )
  .transform((bounds) => bounds as unknown as LoyaltyRule['tenureBucketDays']);

/** Business defaults are docs/domain.md's D3, D4, D5, D6 and D10; each is changed here, not in code. */
export const analyticsConfigSchema = serviceConfigSchema({
  ...serviceIdentity('analytics', 3004),
  JOBS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('crm-jobs'),
  JOBS_CONCURRENCY: positiveInt.default(1),
  /** Time zone of the nightly schedules and of the business day. */
  ANALYTICS_TIME_ZONE: timeZone.default('Asia/Shanghai'),

  /** The currency revenue is booked in (ADR 90): the customers service's COMPANY_CURRENCY. */
  COMPANY_CURRENCY: currencyCode.default('CNY'),

  // D3 ABC tiers
  TIER_WINDOW_MONTHS: positiveInt.default(12),
  TIER_A_BEFORE_SHARE: share.default(0.55),
  TIER_B_BEFORE_SHARE: share.default(0.85),
  TIER_HEALTHY_MIX: tierShares.prefault('0.2,0.4,0.4'),
  TIER_MIX_TOLERANCE: share.default(0.1),
  TIER_RECOMPUTE_CRON: cron.default('0 2 * * *'),

  // D4 visit frequency per tier and calendar month
  VISITS_REQUIRED_PER_MONTH: perTier.prefault('A:3,B:2,C:1'),
  /** The tier of a customer no tier run has ranked yet (as the visits service's setting). */
  VISITS_DEFAULT_TIER: z.enum(['A', 'B', 'C']).default('C'),

  // D5 lifecycle
  LIFECYCLE_DEFAULT_INTERVAL_DAYS: positive.default(30),
  LIFECYCLE_DROWSY_AFTER: positive.default(2),
  LIFECYCLE_HALF_ASLEEP_AFTER: positive.default(4),
  LIFECYCLE_DORMANT_AFTER: positive.default(6),
  LIFECYCLE_LOST_AFTER: positive.default(12),
  LIFECYCLE_EVALUATION_CRON: cron.default('30 2 * * *'),

  // D6 satisfaction
  CSI_WINDOW_DAYS: positive.default(365),
  CSI_HALF_LIFE_DAYS: positive.default(90),
  CSI_ALERT_FLOOR: z.coerce.number().min(0).max(100).default(60),
  CSI_ALERT_MAX_DROP: z.coerce.number().min(0).max(100).default(15),
  CSI_ALERT_DROP_WINDOW_DAYS: positive.default(30),
  // D6 NPS of surveys: 9–10 promoters, 0–6 detractors (over the CSI's window)
  NPS_PROMOTER_FROM: z.coerce.number().int().min(1).max(10).default(9),
  NPS_DETRACTOR_UP_TO: z.coerce.number().int().min(0).max(9).default(6),

  // D6 loyalty (ADR 142): where the tenure buckets after `under_3_months` begin, in days
  LOYALTY_TENURE_BUCKET_DAYS: tenureBounds.prefault('90,365,730,1825'),

  // The customer timeline of the 360 page: its newest entries per customer are kept (ADR 137)
  TIMELINE_ENTRIES_PER_CUSTOMER: positiveInt.max(100_000).default(2000),

  // D10 funnel
  FUNNEL_STAGE_WIN_RATES: winRates.prefault('5,10,20,30,50,80'),

  // D9 follow-ups and greetings (apps/analytics/src/engagement)
  ...engagementConfigShape,
})
  .refine((config) => config.NPS_DETRACTOR_UP_TO < config.NPS_PROMOTER_FROM, {
    message: 'must be below NPS_PROMOTER_FROM',
    path: ['NPS_DETRACTOR_UP_TO'],
  })
  .refine((config) => config.TIER_A_BEFORE_SHARE <= config.TIER_B_BEFORE_SHARE, {
    message: 'must not exceed TIER_B_BEFORE_SHARE',
    path: ['TIER_A_BEFORE_SHARE'],
  })
  .refine(
    (config) =>
      config.LIFECYCLE_DROWSY_AFTER < config.LIFECYCLE_HALF_ASLEEP_AFTER &&
      config.LIFECYCLE_HALF_ASLEEP_AFTER < config.LIFECYCLE_DORMANT_AFTER &&
      config.LIFECYCLE_DORMANT_AFTER < config.LIFECYCLE_LOST_AFTER,
    {
      message: 'drowsy < half-asleep < dormant < lost multiples',
      path: ['LIFECYCLE_DROWSY_AFTER'],
    },
  );

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export const loadAnalyticsConfig = (env?: NodeJS.ProcessEnv): AnalyticsConfig =>
  loadConfig(analyticsConfigSchema, {}, env);

/** The rules of D3–D10 as the pure domain functions take them, from the validated configuration. */
export interface AnalyticsRules {
  readonly tiers: TierRule & { readonly windowMonths: number; readonly currency: string };
  readonly healthyMix: HealthyMix;
  /** D4 compliance, counted as the visits service counts it (`@crm/contracts`, ADR 126). */
  readonly compliance: ComplianceRules;
  readonly lifecycle: LifecycleRule;
  readonly csi: CsiRule;
  readonly alerts: AlertRule;
  readonly nps: NpsRule;
  readonly loyalty: LoyaltyRule;
  /** Win rate (0–1) per open stage. */
  readonly stageWinRates: Record<OpportunityStage, number>;
  readonly timeZone: string;
  /** How many of a customer's newest timeline entries are kept. */
  readonly timelineEntriesPerCustomer: number;
}

export function analyticsRulesOf(config: AnalyticsConfig): AnalyticsRules {
  return {
    tiers: {
      windowMonths: config.TIER_WINDOW_MONTHS,
      currency: config.COMPANY_CURRENCY,
      aBeforeShare: config.TIER_A_BEFORE_SHARE,
      bBeforeShare: config.TIER_B_BEFORE_SHARE,
    },
    healthyMix: { shares: config.TIER_HEALTHY_MIX, tolerance: config.TIER_MIX_TOLERANCE },
    compliance: {
      requiredVisits: config.VISITS_REQUIRED_PER_MONTH,
      defaultTier: config.VISITS_DEFAULT_TIER,
    },
    lifecycle: {
      defaultIntervalDays: config.LIFECYCLE_DEFAULT_INTERVAL_DAYS,
      drowsyAfter: config.LIFECYCLE_DROWSY_AFTER,
      halfAsleepAfter: config.LIFECYCLE_HALF_ASLEEP_AFTER,
      dormantAfter: config.LIFECYCLE_DORMANT_AFTER,
      lostAfter: config.LIFECYCLE_LOST_AFTER,
    },
    csi: { windowDays: config.CSI_WINDOW_DAYS, halfLifeDays: config.CSI_HALF_LIFE_DAYS },
    alerts: {
      floor: config.CSI_ALERT_FLOOR,
      maxDrop: config.CSI_ALERT_MAX_DROP,
      dropWindowDays: config.CSI_ALERT_DROP_WINDOW_DAYS,
    },
    nps: {
      windowDays: config.CSI_WINDOW_DAYS,
      promoterFrom: config.NPS_PROMOTER_FROM,
      detractorUpTo: config.NPS_DETRACTOR_UP_TO,
    },
    loyalty: { tenureBucketDays: config.LOYALTY_TENURE_BUCKET_DAYS },
    stageWinRates: Object.fromEntries(
      OPPORTUNITY_STAGES.map((stage, index) => [
        stage,
        config.FUNNEL_STAGE_WIN_RATES[index]! / 100,
      ]),
    ) as Record<OpportunityStage, number>,
    timeZone: config.ANALYTICS_TIME_ZONE,
    timelineEntriesPerCustomer: config.TIMELINE_ENTRIES_PER_CUSTOMER,
  };
}
