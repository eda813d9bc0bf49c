import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, sliceFilter, type AccessScope } from '@crm/platform';
import { CustomerDirectoryProjection } from '@apps/visits/src/customer-directory/infrastructure/customer-directory.projection';
import { dayOf } from '@crm/calendar';
import { VisitViewProjection } from '@apps/visits/src/visit/infrastructure/visit-view.projection';
import {
  buildVisitPlan,
  complianceByTier,
  type VisitPlan,
  type VisitPlanPolicy,
} from '@apps/visits/src/visit-plan/domain/visit-plan.rules';
import {
  DEFAULT_TIME_ZONE,
  VISIT_PLAN_LIMITS,
  VISIT_PLAN_POLICY,
} from '@apps/visits/src/visits.tokens';

/**
 * A month's plan for what the caller may see, joined at read time from single-writer read models:
 * the customer directory, the tier histories and the month's visits.
 */
@Injectable()
export class GetVisitPlanQuery {
  constructor(
    private readonly directory: CustomerDirectoryProjection,
    private readonly visits: VisitViewProjection,
    @Inject(VISIT_PLAN_POLICY) private readonly policy: VisitPlanPolicy,
    @Inject(DEFAULT_TIME_ZONE) private readonly timeZone: string,
    @Inject(VISIT_PLAN_LIMITS) private readonly limits: { maxCustomers: number },
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    month: string,
    scope: AccessScope,
    filter: { repId?: string | undefined } = {},
    now = this.clock.now(),
  ): Promise<VisitPlan> {
    const access = sliceFilter(scope, undefined, 'acts');
    if (access === null) return { month, rows: [], routes: [], byTier: complianceByTier([]) };
    const customers = await this.directory.list(
      filter.repId ? { ownerId: filter.repId } : {},
      this.limits.maxCustomers,
      access,
    );
    const ids = customers.map((customer) => customer.customerId);
    const [tiers, visits] = await Promise.all([
      this.directory.tierHistories(ids),
      this.visits.ofMonth(month, ids),
    ]);
    return buildVisitPlan({
      month,
      today: dayOf(now, this.timeZone),
      customers,
      tiers,
      visits: visits.map((visit) => ({
        visitId: visit._id,
        customerId: visit.customerId,
        repId: visit.repId,
        plannedDate: visit.plannedDate,
        channel: visit.channel,
        status: visit.status,
      })),
      policy: this.policy,
    });
  }
}
