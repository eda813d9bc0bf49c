import { z } from 'zod';
import {
  OPPORTUNITY_STAGES,
  SALES_PROGRESS_ITEMS,
  type OpportunityStage,
  type SalesProgressItem,
} from '@crm/contracts';
import { loadConfig, serviceConfigSchema, serviceIdentity } from '@crm/platform';
import type { FunnelPolicy } from './opportunity/domain/funnel.policy';
import { isTimeZone } from '@crm/calendar';
import type { MissedVisitPolicy } from './visit/domain/visit.decider';
import type { VisitPlanPolicy } from './visit-plan/domain/visit-plan.rules';

const visitsPerMonth = z.coerce.number().int().min(0).max(31);

/** `5,10,20,30,50,80`: the win rate (%) of each open stage, in funnel order (D10). */
const winRates = z
  .string()
  .transform((value) => value.split(',').map((item) => Number(item.trim())))
  .refine(
    (rates) =>
      rates.length === OPPORTUNITY_STAGES.length &&
      rates.every((rate) => Number.isFinite(rate) && rate >= 0 && rate <= 100),
    `must be ${OPPORTUNITY_STAGES.length} comma-separated percentages, one per stage (${OPPORTUNITY_STAGES.join(', ')})`,
  )
  .transform(
    (rates) =>
      Object.fromEntries(
        OPPORTUNITY_STAGES.map((stage, index) => [stage, rates[index]!]),
      ) as Record<OpportunityStage, number>,
  );

/** `demo_agreed:needs_analysis,...`: the stage a visit's progress item moves an opportunity to (D4 → D10). */
const progressStages = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.trim().split(':')),
  )
  .refine(
    (pairs) =>
      pairs.every(
        ([item, stage]) =>
          (SALES_PROGRESS_ITEMS as readonly string[]).includes(item ?? '') &&
          (OPPORTUNITY_STAGES as readonly string[]).includes(stage ?? ''),
      ),
    `must be item:stage pairs, items from ${SALES_PROGRESS_ITEMS.join('|')}, stages from ${OPPORTUNITY_STAGES.join('|')}`,
  )
  .transform(
    (pairs) => Object.fromEntries(pairs) as Partial<Record<SalesProgressItem, OpportunityStage>>,
  );

export const visitsConfigSchema = serviceConfigSchema({
  ...serviceIdentity('visits', 3002),
  // D4 visit frequency per tier and calendar month.
  VISITS_REQUIRED_A: visitsPerMonth.default(3),
  VISITS_REQUIRED_B: visitsPerMonth.default(2),
  VISITS_REQUIRED_C: visitsPerMonth.default(1),
  VISITS_FIRST_WEEK_DAYS: z.coerce.number().int().min(1).max(28).default(7),
  VISITS_DEFAULT_TIER: z.enum(['A', 'B', 'C']).default('C'),
  /** The rep's zone when a visit names none: a visit's day ends at midnight there. */
  VISITS_DEFAULT_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone')
    .default('Asia/Shanghai'),
  /** Shifts the missed-visit check from the end of the day (ms; may be negative). */
  VISITS_MISSED_END_OF_DAY_OFFSET_MS: z.coerce.number().int().default(0),
  /** The most customers one visit plan covers (bounds GET /visit-plans/:month). */
  VISIT_PLAN_MAX_CUSTOMERS: z.coerce.number().int().min(1).max(100_000).default(5_000),
  OPPORTUNITY_STAGE_WIN_RATES: winRates.default(winRates.parse('5,10,20,30,50,80')),
  OPPORTUNITY_PROGRESS_STAGES: progressStages.default(
    progressStages.parse(
      'met_higher_decider:qualified,demo_agreed:needs_analysis,trial_agreed:proposal,' +
        'budget_partially_accepted:negotiation,joint_push_agreed:commitment',
    ),
  ),
  OPPORTUNITY_DEFAULT_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('CNY'),
  /** Redis key prefix of the BullMQ queues: separates environments sharing one Redis. */
  JOBS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('crm'),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

export type VisitsConfig = z.infer<typeof visitsConfigSchema>;

export const loadVisitsConfig = (env?: NodeJS.ProcessEnv): VisitsConfig =>
  loadConfig(visitsConfigSchema, {}, env);

export const visitPlanPolicyOf = (config: VisitsConfig): VisitPlanPolicy => ({
  requiredVisits: {
    A: config.VISITS_REQUIRED_A,
    B: config.VISITS_REQUIRED_B,
    C: config.VISITS_REQUIRED_C,
  },
  firstWeekDays: config.VISITS_FIRST_WEEK_DAYS,
  defaultTier: config.VISITS_DEFAULT_TIER,
});

export const funnelPolicyOf = (config: VisitsConfig): FunnelPolicy => ({
  winRates: config.OPPORTUNITY_STAGE_WIN_RATES,
  progressStages: config.OPPORTUNITY_PROGRESS_STAGES,
});

export const missedVisitPolicyOf = (config: VisitsConfig): MissedVisitPolicy => ({
  endOfDayOffsetMs: config.VISITS_MISSED_END_OF_DAY_OFFSET_MS,
});
