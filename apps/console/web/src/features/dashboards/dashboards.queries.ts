import { useQuery } from '@tanstack/react-query';
import type { LifecycleStage } from '@crm/contracts/lifecycle-stages';
import { answer, api, type ApiAnswer } from '@console/shared/api/services';

export const CSI_GROUPINGS = ['region', 'rep', 'tier'] as const;
export type CsiGrouping = (typeof CSI_GROUPINGS)[number];

/** D6: one group's CSI (0–100) and how many of its customers are below the alert floor. */
export type SatisfactionGroup = ApiAnswer<'analytics', '/analytics/satisfaction'>['groups'][number];

export const useSatisfaction = (groupBy: CsiGrouping) =>
  useQuery({
    queryKey: ['analytics', 'satisfaction', groupBy],
    queryFn: () =>
      answer(api.analytics.GET('/analytics/satisfaction', { params: { query: { groupBy } } })),
  });

/** D4: the month's visit compliance, in total, per tier and per rep. */
export type VisitComplianceView = ApiAnswer<'analytics', '/analytics/visit-compliance'>;
/** D4: completed ÷ required visits of one slice of the month. */
export type ComplianceTally = VisitComplianceView['total'];

export const useVisitCompliance = (month: string, enabled: boolean) =>
  useQuery({
    queryKey: ['analytics', 'visit-compliance', month],
    enabled,
    queryFn: () =>
      answer(api.analytics.GET('/analytics/visit-compliance', { params: { query: { month } } })),
  });

/** D10: the month's funnel by stage and its forecast (headline figures: `currency`'s). */
export type FunnelView = ApiAnswer<'analytics', '/analytics/funnel'>;
/** D10: one currency's forecast; currencies are never added to each other. */
export type CurrencyForecast = FunnelView['byCurrency'][number];

export const useFunnel = (period: string, enabled: boolean) =>
  useQuery({
    queryKey: ['analytics', 'funnel', period],
    enabled,
    queryFn: () =>
      answer(api.analytics.GET('/analytics/funnel', { params: { query: { period } } })),
  });

/** D7's KPIs, overall, per department and per severity. */
export type ComplaintKpisView = ApiAnswer<'analytics', '/analytics/complaints/kpis'>;
/** D7's KPIs of a set of complaints. */
export type ComplaintKpiSet = ComplaintKpisView['overall'];

export const useComplaintKpis = (enabled: boolean) =>
  useQuery({
    queryKey: ['analytics', 'complaint-kpis'],
    enabled,
    queryFn: () => answer(api.analytics.GET('/analytics/complaints/kpis', {})),
  });

/** D5: the stages a customer drifts through when it stops buying (the reactivation calls' stages). */
export const DRIFTING_STAGES = [
  'drowsy',
  'half_asleep',
  'dormant',
  'lost',
] as const satisfies readonly LifecycleStage[];
export type DriftingStage = (typeof DRIFTING_STAGES)[number];

/** D5: customers per stage within the caller's scope, and the members of one stage. */
export type LifecycleView = ApiAnswer<'analytics', '/analytics/lifecycle'>;
export type LifecycleMember = LifecycleView['members']['items'][number];

export const useLifecycle = (stage: DriftingStage) =>
  useQuery({
    queryKey: ['analytics', 'lifecycle', stage],
    queryFn: () =>
      answer(
        api.analytics.GET('/analytics/lifecycle', { params: { query: { stage, limit: 100 } } }),
      ),
  });

export type ReactivationCall = ApiAnswer<'analytics', '/engagement/follow-ups'>['items'][number];

/** D9: the calls to drifting customers that are still to make (due now, or scheduled). */
export const useReactivationCalls = (status: 'due' | 'scheduled', enabled: boolean) =>
  useQuery({
    queryKey: ['engagement', 'reactivation', status],
    enabled,
    queryFn: () =>
      answer(
        api.analytics.GET('/engagement/follow-ups', {
          params: { query: { reason: 'reactivation', status, limit: 100 } },
        }),
      ),
  });

/** D6's early-warning list: the customers below the alert floor, lowest CSI first. */
export type CustomerAtRisk = ApiAnswer<
  'analytics',
  '/analytics/satisfaction/at-risk'
>['customers'][number];

export const useCustomersAtRisk = () =>
  useQuery({
    queryKey: ['analytics', 'satisfaction', 'at-risk'],
    queryFn: () =>
      answer(
        api.analytics.GET('/analytics/satisfaction/at-risk', { params: { query: { limit: 100 } } }),
      ),
  });

/** D1: the completeness of each rep's cards, as the customers service answers it. */
export type CompletenessView = ApiAnswer<'customers', '/customers/completeness'>;
export type RepCompleteness = CompletenessView['items'][number];
export type CardCheck = CompletenessView['checks'][number];
export type IncompleteCard = ApiAnswer<
  'customers',
  '/customers/completeness/cards'
>['items'][number];

export const useCompleteness = () =>
  useQuery({
    queryKey: ['customers', 'completeness'],
    queryFn: () =>
      answer(api.customers.GET('/customers/completeness', { params: { query: { limit: 500 } } })),
  });

/** One rep's cards that fail a check, with what each lacks. */
export const useIncompleteCards = (ownerId: string | undefined) =>
  useQuery({
    queryKey: ['customers', 'completeness', 'cards', ownerId],
    enabled: ownerId !== undefined,
    queryFn: () =>
      answer(
        api.customers.GET('/customers/completeness/cards', {
          params: { query: { ownerId: ownerId ?? '', limit: 100 } },
        }),
      ),
  });
