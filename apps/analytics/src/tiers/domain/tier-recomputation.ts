import {
  rankTiers,
  tierMix,
  type HealthyMix,
  type TierAssignment,
  type TierMix,
  type TierRule,
} from './abc-tiering';
import { dayInWindow, type RevenueWindow } from './window-revenue';

/** A customer's revenue per business day, as the customer-facts read model holds it. */
export interface CustomerRevenueDays {
  readonly _id: string;
  /** day (YYYY-MM-DD) → net revenue that day, int64 minor units (a number from older drivers). */
  readonly revenueByDay?: Readonly<Record<string, bigint | number>> | undefined;
  /** A duplicate merged away: no customer of its own, its revenue counts for the survivor. */
  readonly mergedInto?: string | undefined;
}

export interface TierRecomputation {
  readonly assignments: TierAssignment[];
  /** Positive revenue of every customer in the window, minor units. */
  readonly totalRevenue: bigint;
  readonly mix: TierMix;
}

/**
 * D3 over every customer: window revenue from the day buckets, tiers, the mix. Each distinct day
 * key is dated once (a year holds a few hundred, a million customers a few million keys), and the
 * sums stay exact in BigInt.
 */
export function tiersFrom(
  facts: readonly CustomerRevenueDays[],
  window: RevenueWindow,
  rule: TierRule,
  healthy: HealthyMix,
): TierRecomputation {
  const counted = new Map<string, boolean>();
  const ids: string[] = [];
  const revenues: bigint[] = [];
  for (const fact of facts) {
    if (fact.mergedInto !== undefined) continue;
    let sum = 0n;
    const days = fact.revenueByDay;
    if (days) {
      for (const day in days) {
        let inWindow = counted.get(day);
        if (inWindow === undefined) {
          inWindow = dayInWindow(day, window);
          counted.set(day, inWindow);
        }
        if (inWindow) {
          const amount = days[day]!;
          const exact = typeof amount === 'bigint' ? amount : BigInt(amount);
          // Most customers have one bucket in the window: no addition to allocate.
          sum = sum === 0n ? exact : sum + exact;
        }
      }
    }
    ids.push(fact._id);
    revenues.push(sum);
  }
  const assignments = rankTiers(ids, revenues, rule);
  const mix = tierMix(assignments, healthy);
  return { assignments, totalRevenue: mix.revenue.A + mix.revenue.B + mix.revenue.C, mix };
}
