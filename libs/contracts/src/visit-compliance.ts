import type { CustomerTier } from './analytics.events';

/**
 * D4 compliance, counted one way by every service that reports it (ADR 126): the visits service's
 * monthly plan and analytics' compliance report both call these functions.
 */
export interface ComplianceRules {
  /** Required visits per calendar month by tier (D4 default A 3, B 2, C 1). */
  readonly requiredVisits: Readonly<Record<CustomerTier, number>>;
  /** The tier of a customer no tier run has ranked yet (D3: no revenue is C). */
  readonly defaultTier: CustomerTier;
}

/** One change of a customer's tier, effective from an instant. */
export interface TierOnDate {
  readonly tier: CustomerTier;
  readonly effectiveAt: string;
}

export interface CountedVisit {
  readonly status: 'planned' | 'completed' | 'cancelled' | 'missed';
  /** One of VISIT_CHANNELS. */
  readonly channel: string;
}

export interface CustomerCompliance {
  readonly tier: CustomerTier;
  readonly required: number;
  /** Completed visits that satisfy the requirement, at most `required`. */
  readonly counted: number;
  /** counted ÷ required, rounded to 4 decimals; null when nothing is required. */
  readonly compliance: number | null;
}

/** Channels that are a visit in person; a phone call replaces only a C visit (D4). */
const IN_PERSON: ReadonlySet<string> = new Set(['face_to_face', 'meeting']);

const monthStartMs = (month: string): number => Date.parse(`${month}-01T00:00:00.000Z`);

/**
 * The tier a month's requirement follows: the tier in force when the month begins (00:00 UTC on
 * the 1st), so the requirement a rep plans on the 1st does not move under them; a change during the
 * month applies from the next month. A customer no tier run had ranked by then takes the first
 * tier it was given; one never ranked is the default tier (D3: no revenue is C).
 */
export function tierForMonth(
  history: readonly TierOnDate[],
  month: string,
  rules: ComplianceRules,
): CustomerTier {
  const start = monthStartMs(month);
  const byDate = [...history].sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt));
  const inForce = byDate.filter((change) => Date.parse(change.effectiveAt) <= start).at(-1);
  return (inForce ?? byDate[0])?.tier ?? rules.defaultTier;
}

/** Whether a visit counts toward a customer's requirement: completed, and in person unless tier C. */
export function countsTowardRequirement(visit: CountedVisit, tier: CustomerTier): boolean {
  if (visit.status !== 'completed') return false;
  return IN_PERSON.has(visit.channel) || (visit.channel === 'phone' && tier === 'C');
}

export function complianceRatio(counted: number, required: number): number | null {
  return required > 0 ? Math.round((counted / required) * 10_000) / 10_000 : null;
}

/**
 * One customer's month: every rep's completed visits count for the customer (a colleague's visit
 * or the previous owner's before a hand-over still visited it), capped at what the tier requires,
 * so an extra visit to one customer never makes up for a missing one elsewhere.
 */
export function customerCompliance(
  tier: CustomerTier,
  visits: readonly CountedVisit[],
  rules: ComplianceRules,
): CustomerCompliance {
  const required = rules.requiredVisits[tier];
  const qualifying = visits.filter((visit) => countsTowardRequirement(visit, tier)).length;
  const counted = Math.min(qualifying, required);
  return { tier, required, counted, compliance: complianceRatio(counted, required) };
}
