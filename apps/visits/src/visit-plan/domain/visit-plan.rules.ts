import {
  complianceRatio,
  countsTowardRequirement,
  customerCompliance,
  tierForMonth,
  type ComplianceRules,
  type CountedVisit,
  type CustomerTier,
} from '@crm/contracts';
import { addDays, daysInMonth } from '@crm/calendar';

/** D4: required visits per tier and month (counted as in `@crm/contracts`), and how A-tier visits come first. */
export interface VisitPlanPolicy extends ComplianceRules {
  /** A-tier visits are proposed within the first this-many days of the month. */
  readonly firstWeekDays: number;
}

export interface PlanCustomer {
  readonly customerId: string;
  readonly name: string;
  readonly region: string;
  readonly city?: string | undefined;
  readonly ownerId: string;
}

export interface TierChange {
  readonly tier: CustomerTier;
  readonly effectiveAt: string;
}

export interface PlanVisit extends CountedVisit {
  readonly visitId: string;
  readonly customerId: string;
  readonly repId: string;
  readonly plannedDate: string;
}

export interface VisitPlanRow {
  readonly customerId: string;
  readonly customerName: string;
  readonly repId: string;
  readonly region: string;
  readonly city?: string | undefined;
  readonly tier: CustomerTier;
  readonly required: number;
  readonly planned: number;
  readonly completed: number;
  readonly missed: number;
  readonly cancelled: number;
  /**
   * On the owner's row: completed visits by any rep that satisfy the requirement (in person, or a
   * phone call for C), at most `required` (D4, ADR 126); 0 on other reps' rows.
   */
  readonly counted: number;
  /** Required visits neither counted nor planned yet. */
  readonly missing: number;
  /** Counted ÷ required (D4); null when nothing is required. */
  readonly compliance: number | null;
  /** A day for each missing visit, from `today` on. */
  readonly proposedDates: readonly string[];
  /** C-tier visits may be phone calls (D4). */
  readonly phoneCallAllowed: boolean;
}

export interface RouteSuggestion {
  readonly repId: string;
  readonly anchorCustomerId: string;
  readonly day: string | null;
  readonly nearby: readonly { customerId: string; name: string; tier: CustomerTier }[];
}

/** D4 compliance of one tier over the plan's owned rows: completed ÷ required visits. */
export interface TierCompliance {
  readonly tier: CustomerTier;
  readonly customers: number;
  readonly required: number;
  readonly planned: number;
  readonly completed: number;
  readonly missing: number;
  /** Completed ÷ required; null when the tier requires nothing in this plan. */
  readonly compliance: number | null;
}

export interface VisitPlan {
  readonly month: string;
  readonly rows: readonly VisitPlanRow[];
  readonly routes: readonly RouteSuggestion[];
  /** A, B and C in that order, always all three. */
  readonly byTier: readonly TierCompliance[];
}

const TIERS_IN_ORDER: readonly CustomerTier[] = ['A', 'B', 'C'];

/**
 * The plan's compliance per tier (D4), over the rows that require visits (the owners'), each
 * counting the customer's qualifying visits by any rep, capped per customer.
 */
export function complianceByTier(rows: readonly VisitPlanRow[]): TierCompliance[] {
  return TIERS_IN_ORDER.map((tier) => {
    const owned = rows.filter((row) => row.tier === tier && row.required > 0);
    const sum = (pick: (row: VisitPlanRow) => number) =>
      owned.reduce((total, row) => total + pick(row), 0);
    const required = sum((row) => row.required);
    const completed = sum((row) => row.counted);
    return {
      tier,
      customers: new Set(owned.map((row) => row.customerId)).size,
      required,
      planned: sum((row) => row.planned),
      completed,
      missing: sum((row) => row.missing),
      compliance: complianceRatio(completed, required),
    };
  });
}

const monthStart = (month: string): string => `${month}-01`;
const nextMonthStart = (month: string): string => addDays(monthStart(month), daysInMonth(month));

/**
 * Days for `count` visits, spread evenly over the days left in the month from `today`. A-tier
 * visits start at once (the first week); B and C start after the first week when they can.
 */
export function proposeDays(
  month: string,
  tier: CustomerTier,
  count: number,
  today: string,
  policy: VisitPlanPolicy,
): string[] {
  if (count <= 0) return [];
  const first = today > monthStart(month) ? today : monthStart(month);
  const last = addDays(nextMonthStart(month), -1);
  if (first > last) return [];
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  const afterFirstWeek = addDays(monthStart(month), policy.firstWeekDays);
  const laterStart = days.findIndex((day) => day >= afterFirstWeek);
  const from = tier === 'A' || laterStart < 0 ? 0 : laterStart;
  const window = days.slice(from);
  return Array.from(
    { length: count },
    (_, index) => window[Math.floor((index * window.length) / count)]!,
  );
}

/** The month's plan per customer and rep: required (owner only), planned, completed, what is missing. */
export function buildVisitPlan(input: {
  readonly month: string;
  readonly today: string;
  readonly customers: readonly PlanCustomer[];
  readonly tiers: ReadonlyMap<string, readonly TierChange[]>;
  readonly visits: readonly PlanVisit[];
  readonly policy: VisitPlanPolicy;
}): VisitPlan {
  const { month, today, policy } = input;
  const rows: VisitPlanRow[] = [];
  for (const customer of input.customers) {
    const tier = tierForMonth(input.tiers.get(customer.customerId) ?? [], month, policy);
    const visits = input.visits.filter((visit) => visit.customerId === customer.customerId);
    const forCustomer = customerCompliance(tier, visits, policy);
    // Planned visits that would count once done, by any rep.
    const comingUp = visits.filter(
      (visit) =>
        visit.status === 'planned' &&
        countsTowardRequirement({ ...visit, status: 'completed' }, tier),
    ).length;
    const reps = [...new Set([customer.ownerId, ...visits.map((visit) => visit.repId)])];
    for (const repId of reps) {
      const mine = visits.filter((visit) => visit.repId === repId);
      const count = (status: PlanVisit['status']) =>
        mine.filter((visit) => visit.status === status).length;
      const owner = repId === customer.ownerId;
      const required = owner ? forCustomer.required : 0;
      const counted = owner ? forCustomer.counted : 0;
      const [planned, completed] = [count('planned'), count('completed')];
      const missing = Math.max(0, required - counted - comingUp);
      rows.push({
        customerId: customer.customerId,
        customerName: customer.name,
        repId,
        region: customer.region,
        ...(customer.city ? { city: customer.city } : {}),
        tier,
        required,
        planned,
        completed,
        missed: count('missed'),
        cancelled: count('cancelled'),
        counted,
        missing,
        compliance: complianceRatio(counted, required),
        proposedDates: proposeDays(month, tier, missing, today, policy),
        phoneCallAllowed: tier === 'C',
      });
    }
  }
  return {
    month,
    rows,
    routes: suggestRoutes(rows, input.visits),
    byTier: complianceByTier(rows),
  };
}

/** D4: around each A customer, the same rep's B and C customers in the same region (and city). */
export function suggestRoutes(
  rows: readonly VisitPlanRow[],
  visits: readonly PlanVisit[],
): RouteSuggestion[] {
  const owned = rows.filter((row) => row.required > 0);
  return owned
    .filter((row) => row.tier === 'A')
    .map((anchor) => {
      const plannedDay = visits
        .filter((visit) => visit.customerId === anchor.customerId && visit.status === 'planned')
        .map((visit) => visit.plannedDate)
        .sort()[0];
      return {
        repId: anchor.repId,
        anchorCustomerId: anchor.customerId,
        day: plannedDay ?? anchor.proposedDates[0] ?? null,
        nearby: owned
          .filter(
            (row) =>
              row.repId === anchor.repId &&
              row.tier !== 'A' &&
              row.region === anchor.region &&
              (!row.city || !anchor.city || row.city === anchor.city),
          )
          .map((row) => ({ customerId: row.customerId, name: row.customerName, tier: row.tier })),
      };
    });
}

/** What MonthlyVisitPlanGenerated reports about a plan. */
export function summarizePlan(plan: VisitPlan) {
  const customers = { A: 0, B: 0, C: 0 };
  const requiredVisits = { A: 0, B: 0, C: 0 };
  for (const row of plan.rows) {
    if (row.required === 0) continue;
    customers[row.tier] += 1;
    requiredVisits[row.tier] += row.required;
  }
  return {
    month: plan.month,
    customers,
    requiredVisits,
    totalRequiredVisits: requiredVisits.A + requiredVisits.B + requiredVisits.C,
    reps: new Set(plan.rows.filter((row) => row.required > 0).map((row) => row.repId)).size,
  };
}
