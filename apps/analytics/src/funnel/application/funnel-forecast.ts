import { Inject, Injectable } from '@nestjs/common';
import { OPPORTUNITY_STAGES } from '@crm/contracts';
import type { AccessScope } from '@crm/platform';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import { ProjectionSlots } from '@apps/analytics/src/projections/infrastructure/projection-slots';
import { forecast } from '../domain/forecast';
import {
  OPPORTUNITIES,
  type OpportunityDocument,
} from '../infrastructure/opportunities.projection';

/**
 * D10 for one period: closed (won) revenue + Σ amount × stage win rate of what is open and due in
 * it, over the opportunities of the customers in the caller's scope (a region's manager: the
 * region's customers as they are now, whoever opened the opportunity and wherever it was then).
 */
@Injectable()
export class FunnelForecast {
  constructor(
    private readonly slots: ProjectionSlots,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    private readonly customers: CustomerScope,
  ) {}

  async forPeriod(period: string, scope: AccessScope) {
    const opportunities = await this.slots.collection<OpportunityDocument>(OPPORTUNITIES);
    const [everyOpen, everyWon] = await Promise.all([
      opportunities.find({ expectedCloseMonth: period, status: 'open' }).toArray(),
      opportunities.find({ closedMonth: period, status: 'won' }).toArray(),
    ]);
    const visible = await this.customers.narrow(
      scope,
      [...everyOpen, ...everyWon].map((o) => o.customerId),
    );
    const open = everyOpen.filter((o) => visible.includes(o.customerId));
    const won = everyWon.filter((o) => visible.includes(o.customerId));
    const rates = OPPORTUNITY_STAGES.map((stage) => this.rules.stageWinRates[stage]);
    const closedRevenue = Math.round(won.reduce((sum, o) => sum + (o.amount ?? 0), 0) * 100) / 100;
    const result = forecast(
      closedRevenue,
      open.map((o) => ({
        amount: o.amount ?? 0,
        stage: OPPORTUNITY_STAGES.indexOf(o.stage ?? 'lead'),
      })),
      rates,
    );
    const stages = OPPORTUNITY_STAGES.map((stage) => {
      const inStage = open.filter((o) => o.stage === stage);
      return {
        stage,
        winRate: this.rules.stageWinRates[stage],
        opportunities: inStage.length,
        amount: inStage.reduce((sum, o) => sum + (o.amount ?? 0), 0),
      };
    });
    return {
      period,
      closedRevenue,
      openOpportunities: open.length,
      wonOpportunities: won.length,
      ...result,
      stages,
    };
  }
}
