import { useQuery } from '@tanstack/react-query';
import { answer, api } from '@console/shared/api/services';

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
