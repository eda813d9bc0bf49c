import type { AnalyticsEvent } from '@crm/contracts';
import type { CommandHandler } from '@crm/event-store';
import { commandHandlerProvider } from '@crm/platform';
import {
  recomputationsDecider,
  tierDecider,
  type AssignTier,
  type RecomputationsState,
  type RecordRecomputation,
  type TierState,
} from '../domain/tier.decider';

export const TIER_HANDLER = Symbol('TIER_HANDLER');
export const RECOMPUTATIONS_HANDLER = Symbol('RECOMPUTATIONS_HANDLER');

export type TierCommandHandler = CommandHandler<TierState, AssignTier, AnalyticsEvent>;
export type RecomputationsCommandHandler = CommandHandler<
  RecomputationsState,
  RecordRecomputation,
  AnalyticsEvent
>;

/** The only writers of the tier streams; a tier change is keyed by its customer. */
export const tierHandlerProviders = [
  commandHandlerProvider(TIER_HANDLER, tierDecider, {
    customerIdOf: (state) => state.customerId ?? undefined,
  }),
  commandHandlerProvider(RECOMPUTATIONS_HANDLER, recomputationsDecider),
];
