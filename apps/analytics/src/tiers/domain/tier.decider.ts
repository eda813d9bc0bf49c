import type { AnalyticsEvent, CustomerTier } from '@crm/contracts';
import type { Decider } from '@crm/event-store';

type TierChanged = Extract<AnalyticsEvent, { type: 'CustomerTierChanged' }>;
type RecomputationCompleted = Extract<AnalyticsEvent, { type: 'TierRecomputationCompleted' }>;

/** A customer's tier as its `tier-<id>` stream holds it: none before its first assignment. */
export interface TierState {
  readonly customerId: string | null;
  readonly tier: CustomerTier | null;
}

/** D3: a recomputation assigns this tier, with the revenue figures behind it (major units). */
export type AssignTier = Omit<TierChanged['data'], 'previousTier'>;

/** Whether assigning `tier` changes what the stream holds (only a change is recorded). */
export const changesTier = (state: TierState, tier: CustomerTier): boolean => tier !== state.tier;

/**
 * A customer's tier stream: a recomputation records a tier only when it differs from the one the
 * stream holds, so CustomerTierChanged names a real change and an overlapping run adds nothing.
 */
export const tierDecider: Decider<TierState, AssignTier, AnalyticsEvent> = {
  initialState: { customerId: null, tier: null },
  evolve: (state, event) =>
    event.type === 'CustomerTierChanged'
      ? { customerId: event.data.customerId, tier: event.data.tier }
      : state,
  decide: (assignment, state) =>
    !changesTier(state, assignment.tier)
      ? []
      : [{ type: 'CustomerTierChanged', data: { ...assignment, previousTier: state.tier } }],
};

/** The recomputations stream: how many runs it holds (its version orders and guards the runs). */
export interface RecomputationsState {
  readonly runs: number;
}

/** D3.4: a finished run's summary, recorded as it is. */
export type RecordRecomputation = RecomputationCompleted['data'];

export const recomputationsDecider: Decider<
  RecomputationsState,
  RecordRecomputation,
  AnalyticsEvent
> = {
  initialState: { runs: 0 },
  evolve: (state, event) =>
    event.type === 'TierRecomputationCompleted' ? { runs: state.runs + 1 } : state,
  decide: (summary) => [{ type: 'TierRecomputationCompleted', data: summary }],
};
