import { useQuery } from '@tanstack/react-query';
import type { LifecycleStage } from '@crm/contracts/lifecycle-stages';
import { answer, api, type Page } from '@console/shared/api/services';
import type { paths as AnalyticsPaths } from '@console/shared/api/generated/analytics';
import type { paths as CustomersPaths } from '@console/shared/api/generated/customers';

export const CSI_GROUPINGS = ['region', 'rep', 'tier'] as const;
export type CsiGrouping = (typeof CSI_GROUPINGS)[number];

/** D6: one group's CSI (0–100) and how many of its customers are below the alert floor. */
export interface SatisfactionGroup {
  readonly key: string;
  readonly csi: number | null;
  readonly customers: number;
  readonly scores: number;
  readonly atRisk: number;
}

export const useSatisfaction = (groupBy: CsiGrouping) =>
  useQuery({
    queryKey: ['analytics', 'satisfaction', groupBy],
    queryFn: () =>
      answer<{ groupBy: CsiGrouping; asOf: string; groups: readonly SatisfactionGroup[] }>(
        api.analytics.GET('/analytics/satisfaction', { params: { query: { groupBy } } }),
      ),
  });

/** D4: completed ÷ required visits of one slice of the month. */
export interface ComplianceTally {
  readonly required: number;
  readonly completed: number;
  readonly planned: number;
  readonly customers: number;
  readonly compliance: number | null;
}

export interface VisitComplianceView {
  readonly month: string;
  readonly total: ComplianceTally;
  readonly byTier: Readonly<Record<'A' | 'B' | 'C', ComplianceTally>>;
  readonly byRep: readonly (ComplianceTally & { readonly repId: string })[];
}

export const useVisitCompliance = (month: string, enabled: boolean) =>
  useQuery({
    queryKey: ['analytics', 'visit-compliance', month],
    enabled,
    queryFn: () =>
      answer<VisitComplianceView>(
        api.analytics.GET('/analytics/visit-compliance', { params: { query: { month } } }),
      ),
  });

/** D10: one currency's forecast; currencies are never added to each other. */
export interface CurrencyForecast {
  readonly currency: string;
  readonly openOpportunities: number;
  readonly overdue: { readonly opportunities: number };
  /** Exact, in major units as decimal strings. */
  readonly exact: {
    readonly closedRevenue: string;
    readonly weightedPipeline: string;
    readonly forecast: string;
    readonly openAmount: string;
  };
}

/** D10: the month's funnel by stage and its forecast (headline figures: `currency`'s). */
export interface FunnelView {
  readonly period: string;
  readonly currency: string;
  readonly byCurrency: readonly CurrencyForecast[];
  readonly closedRevenue: number;
  readonly openOpportunities: number;
  readonly wonOpportunities: number;
  readonly weightedPipeline: number;
  readonly forecast: number;
  readonly openAmount: number;
  readonly stages: readonly {
    readonly stage: string;
    readonly winRate: number;
    readonly opportunities: number;
    readonly amount: number;
  }[];
}

export const useFunnel = (period: string, enabled: boolean) =>
  useQuery({
    queryKey: ['analytics', 'funnel', period],
    enabled,
    queryFn: () =>
      answer<FunnelView>(api.analytics.GET('/analytics/funnel', { params: { query: { period } } })),
  });

/** D7's KPIs of a set of complaints. */
export interface ComplaintKpiSet {
  readonly complaints: number;
  readonly open: number;
  readonly resolved: number;
  readonly resolutionHours: {
    readonly p50: number | null;
    readonly p90: number | null;
    readonly p95: number | null;
  };
  readonly slaBreachRate: number | null;
  readonly validityRate: number | null;
}

export interface ComplaintKpisView {
  readonly overall: ComplaintKpiSet;
  readonly byDepartment: Readonly<Record<string, ComplaintKpiSet>>;
  readonly bySeverity: Readonly<Record<string, ComplaintKpiSet>>;
}

export const useComplaintKpis = (enabled: boolean) =>
  useQuery({
    queryKey: ['analytics', 'complaint-kpis'],
    enabled,
    queryFn: () => answer<ComplaintKpisView>(api.analytics.GET('/analytics/complaints/kpis', {})),
  });

/** D5: the stages a customer drifts through when it stops buying (the reactivation calls' stages). */
export const DRIFTING_STAGES = [
  'drowsy',
  'half_asleep',
  'dormant',
  'lost',
] as const satisfies readonly LifecycleStage[];
export type DriftingStage = (typeof DRIFTING_STAGES)[number];

export interface LifecycleMember {
  readonly customerId: string;
  readonly name: string | null;
  readonly ownerId: string | null;
  readonly stage: string;
  /** When the customer entered the stage. */
  readonly since: string | null;
}

export interface LifecycleView {
  /** Customers per stage, within the caller's scope. */
  readonly stages: Readonly<Record<string, number>>;
  readonly members: Page<LifecycleMember>;
}

export const useLifecycle = (stage: DriftingStage) =>
  useQuery({
    queryKey: ['analytics', 'lifecycle', stage],
    queryFn: () =>
      answer<LifecycleView>(
        api.analytics.GET('/analytics/lifecycle', { params: { query: { stage, limit: 100 } } }),
      ),
  });

export interface ReactivationCall {
  readonly followUpId: string;
  readonly customerId: string;
  /** From analytics' 360 view; null until it has the customer's registration. */
  readonly customerName: string | null;
  readonly ownerId: string;
  readonly reason: string;
  readonly status: 'scheduled' | 'due' | 'completed' | 'cancelled';
  readonly scheduledFor: string;
}

/** D9: the calls to drifting customers that are still to make (due now, or scheduled). */
export const useReactivationCalls = (status: 'due' | 'scheduled', enabled: boolean) =>
  useQuery({
    queryKey: ['engagement', 'reactivation', status],
    enabled,
    queryFn: () =>
      answer<Page<ReactivationCall>>(
        api.analytics.GET('/engagement/follow-ups', {
          params: { query: { reason: 'reactivation', status, limit: 100 } },
        }),
      ),
  });

/** D6's early-warning list: the customers below the alert floor, lowest CSI first. */
export interface CustomerAtRisk {
  readonly customerId: string;
  readonly name: string | null;
  readonly ownerId: string | null;
  readonly region: string | null;
  readonly csi: number;
  readonly scores: number;
  readonly lastAlert: { readonly at: string; readonly reason: 'below_floor' | 'sharp_drop' } | null;
}

export const useCustomersAtRisk = () =>
  useQuery({
    queryKey: ['analytics', 'satisfaction', 'at-risk'],
    queryFn: () =>
      answer<{ floor: number; total: number; customers: readonly CustomerAtRisk[] }>(
        api.analytics.GET('/analytics/satisfaction/at-risk', { params: { query: { limit: 100 } } }),
      ),
  });

type CustomersGet<TPath extends keyof CustomersPaths> = CustomersPaths[TPath] extends {
  get: { responses: { 200: { content: { 'application/json': infer TView } } } };
}
  ? TView
  : never;

/** D1: the completeness of each rep's cards, as the customers service answers it. */
export type CompletenessView = CustomersGet<'/customers/completeness'>;
export type RepCompleteness = CompletenessView['items'][number];
export type CardCheck = CompletenessView['checks'][number];
export type IncompleteCard = CustomersGet<'/customers/completeness/cards'>['items'][number];

export const useCompleteness = () =>
  useQuery({
    queryKey: ['customers', 'completeness'],
    queryFn: () =>
      answer<CompletenessView>(
        api.customers.GET('/customers/completeness', { params: { query: { limit: 500 } } }),
      ),
  });

/** One rep's cards that fail a check, with what each lacks. */
export const useIncompleteCards = (ownerId: string | undefined) =>
  useQuery({
    queryKey: ['customers', 'completeness', 'cards', ownerId],
    enabled: ownerId !== undefined,
    queryFn: () =>
      answer<{ items: readonly IncompleteCard[]; nextCursor: string | null }>(
        api.customers.GET('/customers/completeness/cards', {
          params: { query: { ownerId: ownerId ?? '', limit: 100 } },
        }),
      ),
  });

export const LOYALTY_GROUPINGS = ['company', 'region', 'rep', 'tier'] as const;
export type LoyaltyGrouping = (typeof LOYALTY_GROUPINGS)[number];
export const LOYALTY_WINDOWS = ['month', '12_months'] as const;
export type LoyaltyWindow = (typeof LOYALTY_WINDOWS)[number];

type AnalyticsGet<TPath extends keyof AnalyticsPaths> = AnalyticsPaths[TPath] extends {
  get: { responses: { 200: { content: { 'application/json': infer TView } } } };
}
  ? TView
  : never;

/** D6 loyalty (ADR 142): one group's repeat-purchase rate, retention and tenure, as analytics answers it. */
export type LoyaltyView = AnalyticsGet<'/analytics/loyalty'>;
export type LoyaltyGroup = LoyaltyView['groups'][number];

/** The page's month, or the twelve months ending today. */
export const loyaltyQuery = (groupBy: LoyaltyGrouping, window: LoyaltyWindow, month: string) =>
  window === 'month' ? { groupBy, month } : { groupBy };

export const useLoyalty = (groupBy: LoyaltyGrouping, window: LoyaltyWindow, month: string) =>
  useQuery({
    queryKey: ['analytics', 'loyalty', groupBy, window, window === 'month' ? month : null],
    queryFn: () =>
      answer<LoyaltyView>(
        api.analytics.GET('/analytics/loyalty', {
          params: { query: loyaltyQuery(groupBy, window, month) },
        }),
      ),
  });
