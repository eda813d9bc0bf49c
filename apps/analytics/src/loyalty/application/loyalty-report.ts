import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type AccessScope, type Clock } from '@crm/platform';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import { buyingDays } from '@apps/analytics/src/lifecycle/domain/lifecycle';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import { ProjectionSlots } from '@crm/projections';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import {
  CUSTOMER_STATUS,
  type CustomerStatusDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';
import {
  loyaltyFigures,
  monthPeriods,
  twelveMonthPeriods,
  type LoyaltyFigures,
  type LoyaltyPeriods,
} from '../domain/loyalty';

export const LOYALTY_GROUPINGS = ['company', 'region', 'rep', 'tier'] as const;
export type LoyaltyGrouping = (typeof LOYALTY_GROUPINGS)[number];

/** Which period: a calendar month, or the twelve months ending on a day (today when neither is given). */
export type LoyaltyPeriodRequest = { readonly month: string } | { readonly end?: string };

export interface LoyaltyReportAnswer extends LoyaltyPeriods {
  readonly groupBy: LoyaltyGrouping;
  readonly window: 'month' | '12_months';
  readonly groups: readonly ({ readonly key: string } & LoyaltyFigures)[];
}

const today = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * D6 loyalty for a period (ADR 142), over the customers in the caller's scope (a rep's own, a
 * region's manager's region): computed in code from each customer's buying days in customer facts
 * (purchases refunded in full are none; a merged-away duplicate's purchases count on its survivor,
 * the duplicate not at all; an erased customer not at all). Region and rep are the customer's as
 * they are now; tier is its current ABC tier (`none` before the first ranking).
 */
@Injectable()
export class LoyaltyReport {
  constructor(
    private readonly slots: ProjectionSlots,
    private readonly customers: CustomerScope,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
  ) {}

  async groupBy(
    grouping: LoyaltyGrouping,
    request: LoyaltyPeriodRequest,
    scope: AccessScope,
  ): Promise<LoyaltyReportAnswer> {
    const periods = this.periodsOf(request);
    const window = 'month' in request ? 'month' : '12_months';
    const visible = await this.customers.filter(scope, '_id');
    if (visible === null) return { groupBy: grouping, window, ...periods, groups: [] };
    const facts = await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS);
    const rows = await facts
      .find(
        { ...visible, mergedInto: { $exists: false }, erased: { $ne: true } },
        { projection: { profile: 1, purchases: 1, purchaseDays: 1 }, useBigInt64: true },
      )
      .toArray();
    const tiers = new Map<string, string>();
    if (grouping === 'tier') {
      const status = await this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
      for (const row of await status
        .find({ _id: { $in: rows.map((r) => r._id) } }, { projection: { tier: 1 } })
        .toArray()) {
        if (row.tier) tiers.set(row._id, row.tier);
      }
    }
    const keyOf = (row: CustomerFactsDocument): string => {
      switch (grouping) {
        case 'company':
          return 'company';
        case 'region':
          return row.profile?.region ?? 'unknown';
        case 'rep':
          return row.profile?.ownerId ?? 'unknown';
        case 'tier':
          return tiers.get(row._id) ?? 'none';
      }
    };
    const groups = new Map<string, string[][]>();
    for (const row of rows) {
      const key = keyOf(row);
      groups.set(key, [...(groups.get(key) ?? []), buyingDays(row.purchases, row.purchaseDays)]);
    }
    return {
      groupBy: grouping,
      window,
      ...periods,
      groups: [...groups.entries()]
        .map(([key, customers]) => ({
          key,
          ...loyaltyFigures(customers, periods, this.rules.loyalty),
        }))
        // Groups nobody bought in, in either period, say nothing.
        .filter((group) => group.activeCustomers > 0 || group.previousCustomers > 0)
        .sort((a, b) => a.key.localeCompare(b.key)),
    };
  }

  private periodsOf(request: LoyaltyPeriodRequest): LoyaltyPeriods {
    const now = today(this.clock.now());
    if ('month' in request) {
      if (request.month > now.slice(0, 7)) throw inFuture('month', 'must not be after this month');
      return monthPeriods(request.month);
    }
    const end = request.end ?? now;
    if (end > now) throw inFuture('end', 'must not be after today (UTC)');
    return twelveMonthPeriods(end);
  }
}

const inFuture = (field: string, message: string) =>
  new AnalyticsError(AnalyticsErrorCode.AsOfInFuture, `${field} is in the future`, {
    errors: [{ field, message }],
  });
