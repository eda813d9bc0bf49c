import type {
  EngagementChannel,
  EngagementEvent,
  FollowUpAbout,
  FollowUpOutcome,
  FollowUpReason,
} from '@crm/contracts';
import type { Decider } from '@crm/event-store';
import { EngagementError, EngagementErrorCode } from './engagement.errors';

export type FollowUpStatus = 'none' | 'scheduled' | 'due' | 'completed' | 'cancelled';

export interface FollowUpState {
  readonly status: FollowUpStatus;
  readonly customerId?: string;
  readonly ownerId?: string;
  readonly reason?: FollowUpReason;
  readonly channel?: EngagementChannel;
  readonly scheduledFor?: string;
}

/** D9: the configurable part of a follow-up kind. */
export interface FollowUpRule {
  readonly delayMs: number;
  readonly channel: EngagementChannel;
  readonly owner: 'rep' | 'key_account_manager';
}

export type FollowUpCommand =
  | {
      readonly kind: 'schedule';
      readonly followUpId: string;
      readonly customerId: string;
      readonly ownerId: string;
      readonly reason: FollowUpReason;
      readonly channel: EngagementChannel;
      readonly scheduledFor: Date;
      readonly sourceEventId: string;
      /** What it is about (the complaint a satisfaction call follows), for its owner. */
      readonly about?: FollowUpAbout;
      readonly now: Date;
    }
  | { readonly kind: 'mark-due'; readonly followUpId: string; readonly now: Date }
  | {
      readonly kind: 'complete';
      readonly followUpId: string;
      readonly outcome: FollowUpOutcome;
      readonly satisfactionScore?: number;
      readonly note?: string;
      readonly actorId: string;
      /** Owners may only complete their own; managers and admins any. */
      readonly actorMayCompleteAny: boolean;
      readonly now: Date;
    }
  | {
      readonly kind: 'cancel';
      readonly followUpId: string;
      readonly reason: string;
      readonly actorId: string;
      readonly now: Date;
    }
  | {
      /** The customer changed hands: what was `from`'s goes to `to`; anyone else's stays. */
      readonly kind: 'reassign';
      readonly followUpId: string;
      readonly from: string;
      readonly to: string;
      readonly now: Date;
    };

type FollowUpEvent = Extract<EngagementEvent, { type: `FollowUp${string}` }>;

export function evolveFollowUp(state: FollowUpState, event: EngagementEvent): FollowUpState {
  switch (event.type) {
    case 'FollowUpScheduled':
      return {
        status: 'scheduled',
        customerId: event.data.customerId,
        ownerId: event.data.ownerId,
        reason: event.data.reason,
        channel: event.data.channel,
        scheduledFor: event.data.scheduledFor,
      };
    case 'FollowUpDue':
      return { ...state, status: 'due' };
    case 'FollowUpCompleted':
      return { ...state, status: 'completed' };
    case 'FollowUpCancelled':
      return { ...state, status: 'cancelled' };
    case 'FollowUpReassigned':
      return { ...state, ownerId: event.data.ownerId };
    default:
      return state;
  }
}

export const initialFollowUp: FollowUpState = { status: 'none' };

export const foldFollowUp = (events: readonly EngagementEvent[]): FollowUpState =>
  events.reduce(evolveFollowUp, initialFollowUp);

const OPEN: readonly FollowUpStatus[] = ['scheduled', 'due'];

/**
 * Lifecycle of D9: scheduled → due → completed; scheduled or due → cancelled; an open one changes
 * owner with its customer.
 */
export function decideFollowUp(command: FollowUpCommand, state: FollowUpState): FollowUpEvent[] {
  switch (command.kind) {
    case 'schedule':
      if (state.status !== 'none') return [];
      return [
        {
          type: 'FollowUpScheduled',
          data: {
            followUpId: command.followUpId,
            customerId: command.customerId,
            ownerId: command.ownerId,
            reason: command.reason,
            channel: command.channel,
            scheduledFor: command.scheduledFor.toISOString(),
            sourceEventId: command.sourceEventId,
            ...(command.about ? { about: command.about } : {}),
            scheduledAt: command.now.toISOString(),
          },
        },
      ];
    case 'mark-due':
      if (state.status !== 'scheduled') return [];
      return [
        {
          type: 'FollowUpDue',
          data: {
            followUpId: command.followUpId,
            customerId: state.customerId!,
            ownerId: state.ownerId!,
            reason: state.reason!,
            channel: state.channel!,
            dueAt: command.now.toISOString(),
          },
        },
      ];
    case 'complete': {
      // Follow-up ids are deterministic (customer and occasion): someone else's follow-up must
      // answer exactly as one that does not exist, or the id is an oracle on other customers.
      const mayComplete = command.actorMayCompleteAny || command.actorId === state.ownerId;
      if (state.status === 'none' || !mayComplete) {
        throw new EngagementError(
          EngagementErrorCode.FollowUpNotFound,
          `follow-up ${command.followUpId} does not exist`,
        );
      }
      if (!OPEN.includes(state.status)) {
        throw new EngagementError(
          EngagementErrorCode.FollowUpNotOpen,
          `follow-up ${command.followUpId} is ${state.status}`,
          { currentState: state.status, allowedSteps: [] },
        );
      }
      return [
        {
          type: 'FollowUpCompleted',
          data: {
            followUpId: command.followUpId,
            customerId: state.customerId!,
            ownerId: state.ownerId!,
            reason: state.reason!,
            outcome: command.outcome,
            ...(command.satisfactionScore === undefined
              ? {}
              : { satisfactionScore: command.satisfactionScore }),
            ...(command.note === undefined ? {} : { note: command.note }),
            actorId: command.actorId,
            completedAt: command.now.toISOString(),
          },
        },
      ];
    }
    case 'cancel':
      if (!OPEN.includes(state.status)) return [];
      return [
        {
          type: 'FollowUpCancelled',
          data: {
            followUpId: command.followUpId,
            customerId: state.customerId!,
            reason: command.reason,
            actorId: command.actorId,
            cancelledAt: command.now.toISOString(),
          },
        },
      ];
    case 'reassign':
      // Done or withdrawn stays with whoever had it; a redelivered change finds `to` already.
      if (!OPEN.includes(state.status) || state.ownerId !== command.from) return [];
      if (command.from === command.to) return [];
      return [
        {
          type: 'FollowUpReassigned',
          data: {
            followUpId: command.followUpId,
            customerId: state.customerId!,
            previousOwnerId: command.from,
            ownerId: command.to,
            reassignedAt: command.now.toISOString(),
          },
        },
      ];
  }
}

/** Deterministic id: one follow-up per reason per source (event, or customer for a first purchase). */
export const followUpIdOf = (reason: FollowUpReason, sourceId: string): string =>
  `fu-${reason}-${sourceId}`;

/** The follow-up aggregate (one stream per follow-up) as the command handler runs it. */
export const followUpDecider: Decider<FollowUpState, FollowUpCommand, EngagementEvent> = {
  initialState: initialFollowUp,
  evolve: evolveFollowUp,
  decide: decideFollowUp,
};
