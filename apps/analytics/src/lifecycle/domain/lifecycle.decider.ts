import type { AnalyticsEvent, LifecycleStage, LOST_REASONS } from '@crm/contracts';
import type { Decider } from '@crm/event-store';
import {
  assessLifecycle,
  stillMarkedLost,
  type LifecycleAssessment,
  type LifecycleRule,
} from './lifecycle';

type LifecycleChanged = Extract<AnalyticsEvent, { type: 'CustomerLifecycleChanged' }>;

/** A customer's `lifecycle-<id>` stream: its stage (none before it first bought) and any marking. */
export interface LifecycleState {
  readonly customerId: string | null;
  readonly stage: LifecycleStage | null;
  readonly markedLostAt: Date | undefined;
}

/** What every lifecycle command knows of the customer: its buying days and the time it is judged at. */
interface Judged {
  readonly customerId: string;
  readonly purchases: readonly Date[];
  readonly asOf: Date;
  readonly rule: LifecycleRule;
}

export type LifecycleCommand =
  /** D5, daily, on demand and after each purchase: the stage from the customer's own rhythm. */
  | (Judged & { readonly kind: 'evaluate' })
  /** D5 "marked lost" by a person, with a coded reason: lost until the customer buys again. */
  | (Judged & { readonly kind: 'mark-lost'; readonly reason: (typeof LOST_REASONS)[number] });

function changed(
  command: Judged,
  previous: LifecycleStage | null,
  assessment: LifecycleAssessment,
): LifecycleChanged {
  const { customerId, purchases, asOf } = command;
  const last = purchases.reduce<Date | null>(
    (latest, date) => (date <= asOf && (!latest || date > latest) ? date : latest),
    null,
  );
  return {
    type: 'CustomerLifecycleChanged',
    data: {
      customerId,
      previousStage: previous,
      stage: assessment.stage,
      intervalDays: assessment.intervalDays,
      daysSinceLastPurchase:
        assessment.daysSinceLastPurchase === null
          ? null
          : Math.max(0, assessment.daysSinceLastPurchase),
      lastPurchaseAt: last?.toISOString() ?? null,
      effectiveAt: asOf.toISOString(),
    },
  };
}

/**
 * D5 as a decider: a transition is recorded only when the stage differs from the one the stream
 * holds (never for a prospect that has not bought yet); a marking holds until a purchase on its
 * day or later; marking a customer already lost changes nothing.
 */
export const lifecycleDecider: Decider<LifecycleState, LifecycleCommand, AnalyticsEvent> = {
  initialState: { customerId: null, stage: null, markedLostAt: undefined },
  evolve: (state, event) => {
    switch (event.type) {
      case 'CustomerLifecycleChanged':
        return { ...state, customerId: event.data.customerId, stage: event.data.stage };
      case 'CustomerMarkedLost':
        return {
          ...state,
          customerId: event.data.customerId,
          markedLostAt: new Date(event.data.markedAt),
        };
      default:
        return state;
    }
  },
  decide: (command, state) => {
    if (command.kind === 'mark-lost') {
      if (state.stage === 'lost') return [];
      const assessment = assessLifecycle(command.purchases, command.asOf, command.rule, true);
      return [
        {
          type: 'CustomerMarkedLost',
          data: {
            customerId: command.customerId,
            reason: command.reason,
            markedAt: command.asOf.toISOString(),
          },
        },
        changed(command, state.stage, assessment),
      ];
    }
    const assessment = assessLifecycle(
      command.purchases,
      command.asOf,
      command.rule,
      stillMarkedLost(state.markedLostAt, command.purchases),
    );
    if (state.stage === assessment.stage) return [];
    if (state.stage === null && assessment.stage === 'prospect') return [];
    return [changed(command, state.stage, assessment)];
  },
};
