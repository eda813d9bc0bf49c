import type { EngagementChannel, EngagementEvent, GreetingOccasion } from '@crm/contracts';
import type { Decider } from '@crm/event-store';

export type GreetingStatus = 'none' | 'scheduled' | 'cancelled' | 'sent' | 'failed';

export interface GreetingState {
  readonly status: GreetingStatus;
  /** The customer whose contact is greeted (the partition key of the greeting's events). */
  readonly customerId?: string;
  readonly scheduledFor?: string;
  readonly channel?: EngagementChannel;
  readonly timeZone?: string;
}

export interface GreetingIdentity {
  readonly greetingId: string;
  readonly customerId: string;
  readonly contactId: string;
  readonly occasion: GreetingOccasion;
  readonly year: number;
}

export type GreetingCommand =
  | {
      readonly kind: 'schedule';
      readonly channel: EngagementChannel;
      readonly scheduledFor: Date;
      readonly timeZone: string;
      readonly reason: string;
      readonly now: Date;
    }
  | { readonly kind: 'cancel'; readonly reason: string; readonly now: Date }
  | {
      readonly kind: 'record-sent';
      readonly channel: EngagementChannel;
      readonly attempts: number;
      readonly now: Date;
    }
  | {
      readonly kind: 'record-failed';
      readonly channel: EngagementChannel;
      readonly attempts: number;
      readonly error: string;
      readonly now: Date;
    };

type GreetingEvent = Extract<EngagementEvent, { type: `Greeting${string}` }>;

export const initialGreeting: GreetingState = { status: 'none' };

export function evolveGreeting(state: GreetingState, event: EngagementEvent): GreetingState {
  switch (event.type) {
    case 'GreetingScheduled':
      return {
        status: 'scheduled',
        customerId: event.data.customerId,
        scheduledFor: event.data.scheduledFor,
        channel: event.data.channel,
        timeZone: event.data.timeZone,
      };
    case 'GreetingCancelled':
      return { ...state, status: 'cancelled' };
    case 'GreetingSent':
      return { ...state, status: 'sent' };
    case 'GreetingFailed':
      return { ...state, status: 'failed' };
    default:
      return state;
  }
}

export const foldGreeting = (events: readonly EngagementEvent[]): GreetingState =>
  events.reduce(evolveGreeting, initialGreeting);

/** A greeting that went out (or was dead-lettered) is final: nothing moves or repeats it. */
export const isFinal = (state: GreetingState): boolean =>
  state.status === 'sent' || state.status === 'failed';

/**
 * Scheduling is idempotent (the same time and channel again is no event) and re-schedules a moved
 * or cancelled greeting; cancelling only touches a pending one; outcomes are recorded once.
 */
export function decideGreeting(
  command: GreetingCommand,
  state: GreetingState,
  identity: GreetingIdentity,
): GreetingEvent[] {
  if (isFinal(state)) return [];
  switch (command.kind) {
    case 'schedule': {
      const scheduledFor = command.scheduledFor.toISOString();
      // Both due already ("late the same day" computes now each time): the pending one stands.
      const bothDue =
        state.scheduledFor !== undefined &&
        new Date(state.scheduledFor) <= command.now &&
        command.scheduledFor <= command.now;
      // A contact carried over by a merge is greeted under the survivor from then on: the same
      // greeting is scheduled again under it (sealed with the survivor's key), not left as it was.
      const unchanged =
        state.status === 'scheduled' &&
        state.customerId === identity.customerId &&
        (state.scheduledFor === scheduledFor || bothDue) &&
        state.channel === command.channel &&
        state.timeZone === command.timeZone;
      if (unchanged) return [];
      return [
        {
          type: 'GreetingScheduled',
          data: {
            ...identity,
            channel: command.channel,
            scheduledFor,
            timeZone: command.timeZone,
            reason: command.reason,
            scheduledAt: command.now.toISOString(),
          },
        },
      ];
    }
    case 'cancel':
      if (state.status !== 'scheduled') return [];
      return [
        {
          type: 'GreetingCancelled',
          data: { ...identity, reason: command.reason, cancelledAt: command.now.toISOString() },
        },
      ];
    case 'record-sent':
      if (state.status !== 'scheduled') return [];
      return [
        {
          type: 'GreetingSent',
          data: {
            ...identity,
            channel: command.channel,
            attempts: command.attempts,
            sentAt: command.now.toISOString(),
          },
        },
      ];
    case 'record-failed':
      if (state.status !== 'scheduled') return [];
      return [
        {
          type: 'GreetingFailed',
          data: {
            ...identity,
            channel: command.channel,
            attempts: command.attempts,
            error: command.error.slice(0, 2000),
            failedAt: command.now.toISOString(),
          },
        },
      ];
  }
}

/** A command as the command handler runs it: with the greeting it is about. */
export type IdentifiedGreetingCommand = GreetingCommand & { readonly identity: GreetingIdentity };

/** The greeting aggregate (one stream per contact, occasion and year) as the command handler runs it. */
export const greetingDecider: Decider<GreetingState, IdentifiedGreetingCommand, EngagementEvent> = {
  initialState: initialGreeting,
  evolve: evolveGreeting,
  decide: (command, state) => decideGreeting(command, state, command.identity),
};
