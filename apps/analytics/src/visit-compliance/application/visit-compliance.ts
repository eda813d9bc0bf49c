import { Inject, Injectable } from '@nestjs/common';
import {
  complianceRatio,
  customerCompliance,
  tierForMonth,
  type CountedVisit,
} from '@crm/contracts';
import { mayRead, type AccessScope } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import {
  CUSTOMER_STATUS,
  type CustomerStatusDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';
import { VISITS, type VisitDocument } from '../infrastructure/visits.projection';

interface Tally {
  required: number;
  /** Completed visits that satisfy the requirement, at most the required number per customer. */
  completed: number;
  planned: number;
  customers: number;
}

const ratio = (tally: Tally) => ({
  ...tally,
  compliance: complianceRatio(tally.completed, tally.required),
});

/**
 * D4: completed ÷ required visits for a month, by tier, rep (the customer's owner) and overall,
 * counted by the rule the visits service's plan uses (`customerCompliance` in `@crm/contracts`,
 * ADR 126): every registered customer not merged away, tiered or not, its tier as the month began.
 * Counted over the customers in the caller's scope only (a region's manager: their region).
 */
@Injectable()
export class VisitCompliance {
  constructor(
    private readonly slots: ProjectionSlots,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
  ) {}

  async forMonth(month: string, scope: AccessScope) {
    const [facts, status, visits] = await Promise.all([
      this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS),
      this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS),
      this.slots.collection<VisitDocument>(VISITS),
    ]);
    const registered = await facts
      .find(
        { profile: { $exists: true }, mergedInto: { $exists: false } },
        { projection: { profile: 1 } },
      )
      .toArray();
    const visible = registered.filter((customer) => mayRead(scope, customer.profile));
    const histories = new Map(
      (
        await status.find({ tier: { $exists: true } }, { projection: { tierHistory: 1 } }).toArray()
      ).map((customer) => [
        customer._id,
        (customer.tierHistory ?? []).map((entry) => ({
          tier: entry.value,
          effectiveAt: entry.from,
        })),
      ]),
    );
    const byCustomer = new Map<string, CountedVisit[]>();
    for (const visit of await visits.find({ month }).toArray()) {
      if (!visit.customerId || !visit.status) continue;
      const list = byCustomer.get(visit.customerId) ?? [];
      // A visit projected before the channel was kept (rebuild the projection to know it).
      list.push({ status: visit.status, channel: visit.channel ?? 'face_to_face' });
      byCustomer.set(visit.customerId, list);
    }
    const empty = (): Tally => ({ required: 0, completed: 0, planned: 0, customers: 0 });
    const total = empty();
    const byTier: Record<string, Tally> = { A: empty(), B: empty(), C: empty() };
    const byRep = new Map<string, Tally>();
    for (const customer of visible) {
      const tier = tierForMonth(histories.get(customer._id) ?? [], month, this.rules.compliance);
      const ofCustomer = byCustomer.get(customer._id) ?? [];
      const counted = customerCompliance(tier, ofCustomer, this.rules.compliance);
      const planned = ofCustomer.filter(
        (visit) => visit.status === 'planned' || visit.status === 'completed',
      ).length;
      const rep = customer.profile?.ownerId ?? 'unknown';
      const repTally = byRep.get(rep) ?? empty();
      byRep.set(rep, repTally);
      for (const tally of [total, byTier[tier]!, repTally]) {
        tally.required += counted.required;
        tally.completed += counted.counted;
        tally.planned += planned;
        tally.customers += 1;
      }
    }
    return {
      month,
      required: this.rules.compliance.requiredVisits,
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
