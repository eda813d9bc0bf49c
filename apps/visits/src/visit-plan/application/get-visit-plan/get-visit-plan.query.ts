import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@crm/platform';
import { scopeOf } from '@apps/visits/src/customer-directory/application/visits-access.policy';
import { CustomerDirectoryProjection } from '@apps/visits/src/customer-directory/infrastructure/customer-directory.projection';
import { dayOf } from '@apps/visits/src/visit/domain/visit-day';
import { VisitViewProjection } from '@apps/visits/src/visit/infrastructure/visit-view.projection';
import {
  buildVisitPlan,
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
  ) {}

  async execute(
    month: string,
    principal: Principal,
    filter: { repId?: string | undefined } = {},
    now = new Date(),
  ): Promise<VisitPlan> {
    const scope = scopeOf(principal);
    if (scope === null) return { month, rows: [], routes: [] };
    if (scope.ownerId && filter.repId && filter.repId !== scope.ownerId)
      return { month, rows: [], routes: [] };
    const customers = await this.directory.list(
      { ...scope, ...(filter.repId ? { ownerId: filter.repId } : {}) },
      this.limits.maxCustomers,
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
        status: visit.status,
      })),
      policy: this.policy,
    });
  }
}
