import { Inject, Injectable } from '@nestjs/common';
import type { AccessScope } from '@crm/platform';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import { ProjectionSlots } from '@apps/analytics/src/projections/infrastructure/projection-slots';
import {
  CUSTOMER_STATUS,
  valueOn,
  type CustomerStatusDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';
import { VISITS, type VisitDocument } from '../infrastructure/visits.projection';

interface Tally {
  required: number;
  /** Completed visits, at most the required number per customer. */
  completed: number;
  planned: number;
  customers: number;
}

const ratio = (tally: Tally) => ({
  ...tally,
  compliance:
    tally.required > 0 ? Math.round((tally.completed / tally.required) * 10_000) / 10_000 : null,
});

/**
 * D4: completed ÷ required visits for a month, by tier, rep (the customer's owner) and overall.
 * A customer's requirement follows the tier it had on the first day of the month (its tier history).
 * Counted over the customers in the caller's scope only (a region's manager: their region).
 */
@Injectable()
export class VisitCompliance {
  constructor(
    private readonly slots: ProjectionSlots,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    private readonly customers: CustomerScope,
  ) {}

  async forMonth(month: string, scope: AccessScope) {
    const [status, visits] = await Promise.all([
      this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS),
      this.slots.collection<VisitDocument>(VISITS),
    ]);
    const firstDay = new Date(`${month}-01T00:00:00Z`);
    const everyTiered = await status
      .find({ tier: { $exists: true } }, { projection: { tier: 1, tierHistory: 1 } })
      .toArray();
    const visible = await this.customers.narrow(
      scope,
      everyTiered.map((t) => t._id),
    );
    const tiered = everyTiered.filter((customer) => visible.includes(customer._id));
    const inMonth = await visits.find({ month }).toArray();
    const byCustomer = new Map<string, { completed: number; planned: number }>();
    for (const visit of inMonth) {
      if (!visit.customerId) continue;
      const counts = byCustomer.get(visit.customerId) ?? { completed: 0, planned: 0 };
      if (visit.status === 'completed') counts.completed += 1;
      if (visit.status === 'planned' || visit.status === 'completed') counts.planned += 1;
      byCustomer.set(visit.customerId, counts);
    }
    const empty = (): Tally => ({ required: 0, completed: 0, planned: 0, customers: 0 });
    const total = empty();
    const byTier: Record<string, Tally> = { A: empty(), B: empty(), C: empty() };
    const byRep = new Map<string, Tally>();
    for (const customer of tiered) {
      const tier = (valueOn(customer.tierHistory ?? [], firstDay)?.value ?? customer.tier)!;
      const required = this.rules.visitsRequired[tier];
      const counts = byCustomer.get(customer._id) ?? { completed: 0, planned: 0 };
      const rep = visible.refOf(customer._id)?.ownerId ?? 'unknown';
      const repTally = byRep.get(rep) ?? empty();
      byRep.set(rep, repTally);
      for (const tally of [total, byTier[tier]!, repTally]) {
        tally.required += required;
        tally.completed += Math.min(counts.completed, required);
        tally.planned += counts.planned;
        tally.customers += 1;
      }
    }
    return {
      month,
      required: this.rules.visitsRequired,
      total: ratio(total),
      byTier: Object.fromEntries(
        Object.entries(byTier).map(([tier, tally]) => [tier, ratio(tally)]),
      ),
      byRep: [...byRep.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([repId, tally]) => ({ repId, ...ratio(tally) })),
    };
  }
}
