import { Inject, Injectable } from '@nestjs/common';
import { dayOf } from '@crm/calendar';
import { OPPORTUNITY_STAGES } from '@crm/contracts';
import { CLOCK, type Clock, mayRead, problem, type AccessScope } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import {
  COMPLAINTS,
  type ComplaintDocument,
} from '@apps/analytics/src/complaint-kpis/infrastructure/complaints.projection';
import { forecast } from '@apps/analytics/src/funnel/domain/forecast';
import {
  OPPORTUNITIES,
  opportunityMoney,
  type OpportunityDocument,
} from '@apps/analytics/src/funnel/infrastructure/opportunities.projection';
import {
  SatisfactionReport,
  type SatisfactionTrend,
} from '@apps/analytics/src/satisfaction/application/satisfaction-report';
import {
  CUSTOMER_STATUS,
  type CustomerStatusDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';
import {
  VISITS,
  type VisitDocument,
} from '@apps/analytics/src/visit-compliance/infrastructure/visits.projection';
import { Customer360Projection } from '../infrastructure/customer-360.projection';

export interface Customer360View {
  readonly customerId: string;
  readonly profile: {
    readonly name: string;
    readonly nature: string;
    readonly region: string;
    readonly ownerId: string;
    readonly registeredAt: string;
  } | null;
  readonly tier: string | null;
  readonly lifecycle: string | null;
  readonly csi: number | null;
  readonly satisfactionAlerts: number;
  readonly openComplaints: readonly {
    complaintId: string;
    severity: string | null;
    status: string | null;
    recordedAt: string | null;
  }[];
  readonly nextVisit: { visitId: string; plannedDate: string; repId: string | null } | null;
  /**
   * The open pipeline: the headline amounts in the company currency (`currency`), every currency
   * on its own in `byCurrency` (never summed across currencies).
   */
  readonly funnel: {
    readonly currency: string;
    readonly openOpportunities: number;
    readonly openAmount: number;
    readonly weightedPipeline: number;
    readonly byCurrency: readonly PipelineInCurrency[];
  };
  readonly eventCount: number;
  readonly updatedAt: string;
}

export interface PipelineInCurrency {
  readonly currency: string;
  readonly openOpportunities: number;
  readonly openAmount: number;
  readonly weightedPipeline: number;
  /** Open past their expected close date (they stay in, flagged). */
  readonly overdue: { readonly opportunities: number; readonly amount: number };
  /** The same amounts exact, in major units as decimal strings. */
  readonly exact: { readonly openAmount: string; readonly weightedPipeline: string };
}

@Injectable()
export class GetCustomer360Query {
  constructor(
    private readonly views: Customer360Projection,
    private readonly slots: ProjectionSlots,
    private readonly satisfaction: SatisfactionReport,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(customerId: string, scope: AccessScope): Promise<Customer360View> {
    const view = await this.visible(customerId, scope);
    // Joined at read time: each read model keeps its single writer (ADR 0040).
    const [status, complaints, visits, opportunities] = await Promise.all([
      this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS),
      this.slots.collection<ComplaintDocument>(COMPLAINTS),
      this.slots.collection<VisitDocument>(VISITS),
      this.slots.collection<OpportunityDocument>(OPPORTUNITIES),
    ]);
    const today = dayOf(this.clock.now(), this.rules.timeZone);
    const [state, csi, open, next, pipeline] = await Promise.all([
      status.findOne({ _id: customerId }),
      this.satisfaction.customerCsi(customerId),
      complaints.find({ customerId, open: true }).sort({ recordedAt: 1 }).limit(50).toArray(),
      visits
        .find({ customerId, status: 'planned', plannedDate: { $gte: today } })
        .sort({ plannedDate: 1 })
        .limit(1)
        .toArray(),
      // Amounts are int64 minor units: read as bigint, exact beyond 2^53 (ADR 133).
      opportunities
        .find({ customerId, status: 'open' }, { useBigInt64: true })
        .limit(500)
        .toArray(),
    ]);
    const nextVisit = next[0];
    const company = this.rules.tiers.currency;
    const byCurrency = forecast(
      [],
      pipeline.map((o) => ({
        amount: opportunityMoney(o, company),
        stage: OPPORTUNITY_STAGES.indexOf(o.stage ?? 'lead'),
        overdue: o.expectedCloseDate !== undefined && o.expectedCloseDate < today,
      })),
      OPPORTUNITY_STAGES.map((stage) => this.rules.stageWinRates[stage]),
    ).map((row): PipelineInCurrency => ({
      currency: row.currency,
      openOpportunities: row.openOpportunities,
      openAmount: row.openAmount,
      weightedPipeline: row.weightedPipeline,
      overdue: row.overdue,
      exact: { openAmount: row.exact.openAmount, weightedPipeline: row.exact.weightedPipeline },
    }));
    const inCompanyCurrency = byCurrency.find((row) => row.currency === company);
    return {
      customerId: view._id,
      tier: state?.tier ?? null,
      lifecycle: state?.lifecycle ?? null,
      csi,
      satisfactionAlerts: state?.alerts ?? 0,
      openComplaints: open.map((c) => ({
        complaintId: c._id,
        severity: c.severity ?? null,
        status: c.status ?? null,
        recordedAt: c.recordedAt ?? null,
      })),
      nextVisit: nextVisit
        ? {
            visitId: nextVisit._id,
            plannedDate: nextVisit.plannedDate!,
            repId: nextVisit.repId ?? null,
          }
        : null,
      funnel: {
        currency: company,
        openOpportunities: pipeline.length,
        openAmount: inCompanyCurrency?.openAmount ?? 0,
        weightedPipeline: inCompanyCurrency?.weightedPipeline ?? 0,
        byCurrency,
      },
      profile: view.profile
        ? { ...view.profile, registeredAt: view.profile.registeredAt.toISOString() }
        : null,
      eventCount: view.eventCount,
      updatedAt: view.updatedAt.toISOString(),
    };
  }

  /** The customer's CSI over time with its early warnings (D6), within the caller's scope. */
  async satisfactionTrend(
    customerId: string,
    scope: AccessScope,
  ): Promise<{ customerId: string } & SatisfactionTrend> {
    await this.visible(customerId, scope);
    return { customerId, ...(await this.satisfaction.customerTrend(customerId)) };
  }

  /**
   * The customer's view, if the caller may read it; else 404, as for an unknown customer: the one
   * check of every read about one customer (the 360 view, its satisfaction trend, its timeline).
   */
  async visible(customerId: string, scope: AccessScope) {
    const view = await this.views.find(customerId);
    // A view without a profile yet belongs to nobody's region: only those who see all see it.
    if (!view || !mayRead(scope, view.profile ?? undefined)) {
      throw problem(404, 'customer-not-found', 'Customer not found', {
        detail: `customer ${customerId} not found`,
      });
    }
    return view;
  }
}
