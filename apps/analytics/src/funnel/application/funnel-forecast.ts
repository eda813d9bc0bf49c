import { Inject, Injectable } from '@nestjs/common';
import { dayOf } from '@crm/calendar';
import { OPPORTUNITY_STAGES, toMajorNumber } from '@crm/contracts';
import { CLOCK, type Clock, type AccessScope } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import { forecast, openInPeriod } from '../domain/forecast';
import {
  OPPORTUNITIES,
  opportunityMoney,
  type OpportunityDocument,
} from '../infrastructure/opportunities.projection';

/**
 * D10 for one period, per currency (ADR 127): closed (won) revenue + Σ amount × stage win rate of
 * what is open and due in it (in the current period also what is overdue and still open, flagged),
 * over the opportunities of the customers in the caller's scope (a region's manager: the region's
 * customers as they are now, whoever opened the opportunity and wherever it was then).
 */
@Injectable()
export class FunnelForecast {
  constructor(
    private readonly slots: ProjectionSlots,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    private readonly customers: CustomerScope,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async forPeriod(period: string, scope: AccessScope, now = this.clock.now()) {
    const today = dayOf(now, this.rules.timeZone);
    const opportunities = await this.slots.collection<OpportunityDocument>(OPPORTUNITIES);
    // Amounts are int64 minor units: read as bigint, exact beyond 2^53 (ADR 133).
    const exact = { useBigInt64: true };
    const [candidates, everyWon] = await Promise.all([
      opportunities
        .find(
          {
            status: 'open',
            expectedCloseMonth: period === today.slice(0, 7) ? { $lte: period } : period,
          },
          exact,
        )
        .toArray(),
      opportunities.find({ closedMonth: period, status: 'won' }, exact).toArray(),
    ]);
    const closeDate = (o: OpportunityDocument) =>
      o.expectedCloseDate ?? `${o.expectedCloseMonth ?? period}-31`;
    // Read in parallel: one that closed between the two reads is in both; it counts as won only.
    const wonIds = new Set(everyWon.map((o) => o._id));
    const everyOpen = candidates.filter(
      (o) => !wonIds.has(o._id) && openInPeriod(closeDate(o), period, today).counts,
    );
    const visible = await this.customers.narrow(
      scope,
      [...everyOpen, ...everyWon].map((o) => o.customerId),
    );
    const open = everyOpen.filter((o) => visible.includes(o.customerId));
    const won = everyWon.filter((o) => visible.includes(o.customerId));
    const company = this.rules.tiers.currency;
    const byCurrency = forecast(
      won.map((o) => opportunityMoney(o, company)),
      open.map((o) => ({
        amount: opportunityMoney(o, company),
        stage: OPPORTUNITY_STAGES.indexOf(o.stage ?? 'lead'),
        overdue: openInPeriod(closeDate(o), period, today).overdue,
      })),
      OPPORTUNITY_STAGES.map((stage) => this.rules.stageWinRates[stage]),
    );
    const inCompanyCurrency = byCurrency.find((row) => row.currency === company);
    const stages = OPPORTUNITY_STAGES.map((stage) => {
      const inStage = open.filter((o) => o.stage === stage);
      const amounts = new Map<string, bigint>();
      for (const money of inStage.map((o) => opportunityMoney(o, company)))
        amounts.set(money.currency, (amounts.get(money.currency) ?? 0n) + money.minor);
      return {
        stage,
        winRate: this.rules.stageWinRates[stage],
        opportunities: inStage.length,
        /** Open amount in the company currency. */
        amount: toMajorNumber({ minor: amounts.get(company) ?? 0n, currency: company }),
        byCurrency: [...amounts.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([currency, minor]) => ({ currency, amount: toMajorNumber({ minor, currency }) })),
      };
    });
    return {
      period,
      // The headline figures are the company currency's; other currencies are never added to them.
      currency: company,
      closedRevenue: inCompanyCurrency?.closedRevenue ?? 0,
      weightedPipeline: inCompanyCurrency?.weightedPipeline ?? 0,
      forecast: inCompanyCurrency?.forecast ?? 0,
      openAmount: inCompanyCurrency?.openAmount ?? 0,
      openOpportunities: open.length,
      wonOpportunities: won.length,
      overdueOpportunities: open.filter((o) => openInPeriod(closeDate(o), period, today).overdue)
        .length,
      byCurrency,
      stages,
    };
  }
}
