import type { Decider } from '@crm/event-store';
import type { SalesProgressItem, VisitChannel, VisitEvent } from '@crm/contracts';
import { endOfDay, startOfDay } from '@crm/calendar';
import { VisitError, VisitErrorCode } from './visit.errors';

export type VisitStatus = 'planned' | 'completed' | 'cancelled' | 'missed';

export interface VisitDetails {
  readonly visitId: string;
  readonly customerId: string;
  readonly repId: string;
  readonly region: string;
  readonly plannedDate: string;
  readonly timeZone: string;
  readonly channel: VisitChannel;
  readonly purpose: string;
  readonly opportunityId?: string | undefined;
}

/** D4: a visit is planned, then completed, cancelled or missed; only a planned visit changes. */
export type VisitState =
  | { readonly status: 'none' }
  | (VisitDetails & {
      readonly status: VisitStatus;
      readonly outcome?: string;
      readonly feedbackScore?: number;
      readonly progress?: readonly SalesProgressItem[];
    });

export const initialVisitState: VisitState = { status: 'none' };

/** When a planned visit counts as missed: the end of its day in the rep's zone, plus an offset. */
export interface MissedVisitPolicy {
  readonly endOfDayOffsetMs: number;
}

export const missedCheckDueAt = (
  visit: Pick<VisitDetails, 'plannedDate' | 'timeZone'>,
  policy: MissedVisitPolicy,
): Date =>
  new Date(endOfDay(visit.plannedDate, visit.timeZone).getTime() + policy.endOfDayOffsetMs);

export type VisitCommand =
  | { readonly type: 'PlanVisit'; readonly data: VisitDetails; readonly now: Date }
  | {
      readonly type: 'RescheduleVisit';
      readonly data: { readonly plannedDate: string; readonly reason?: string | undefined };
      readonly now: Date;
    }
  | {
      readonly type: 'CompleteVisit';
      readonly data: {
        readonly outcome: string;
        readonly feedbackScore: number;
        readonly progress: readonly SalesProgressItem[];
      };
      readonly now: Date;
    }
  | { readonly type: 'CancelVisit'; readonly data: { readonly reason: string }; readonly now: Date }
  | { readonly type: 'MarkVisitMissed'; readonly policy: MissedVisitPolicy; readonly now: Date };

/** Which command each state allows: the whole lifecycle of D4 in one table. */
export const allowedVisitCommands: Record<VisitState['status'], readonly VisitCommand['type'][]> = {
  none: ['PlanVisit'],
  planned: ['RescheduleVisit', 'CompleteVisit', 'CancelVisit', 'MarkVisitMissed'],
  completed: [],
  cancelled: [],
  missed: [],
};

function illegal(command: VisitCommand['type'], state: VisitState): VisitError {
  if (state.status === 'none') {
    return new VisitError(VisitErrorCode.NotFound, 'the visit does not exist');
  }
  return new VisitError(
    VisitErrorCode.IllegalTransition,
    `a ${state.status} visit cannot take ${command}`,
    {
      visitId: state.visitId,
      currentState: state.status,
      allowed: allowedVisitCommands[state.status],
    },
  );
}

export function decideVisit(command: VisitCommand, state: VisitState): VisitEvent[] {
  if (command.type === 'PlanVisit') {
    if (state.status !== 'none') {
      throw new VisitError(VisitErrorCode.AlreadyPlanned, 'the visit already exists', {
        visitId: state.visitId,
        currentState: state.status,
      });
    }
    const { opportunityId, ...details } = command.data;
    return [
      {
        type: 'VisitPlanned',
        data: {
          ...details,
          ...(opportunityId ? { opportunityId } : {}),
          plannedAt: command.now.toISOString(),
        },
      },
    ];
  }
  if (state.status !== 'planned') {
    // The missed-visit job runs at least once; for a visit no longer planned it has nothing to do.
    if (command.type === 'MarkVisitMissed' && state.status !== 'none') return [];
    throw illegal(command.type, state);
  }
  const about = { visitId: state.visitId, customerId: state.customerId, repId: state.repId };
  switch (command.type) {
    case 'RescheduleVisit':
      if (command.data.plannedDate === state.plannedDate) {
        throw new VisitError(VisitErrorCode.SameDate, 'the visit is already planned on that day', {
          plannedDate: state.plannedDate,
        });
      }
      return [
        {
          type: 'VisitRescheduled',
          data: {
            ...about,
            previousDate: state.plannedDate,
            plannedDate: command.data.plannedDate,
            timeZone: state.timeZone,
            ...(command.data.reason ? { reason: command.data.reason } : {}),
            rescheduledAt: command.now.toISOString(),
          },
        },
      ];
    case 'CompleteVisit':
      // A visit happens on its day: completing it earlier (in the rep's zone) is a typo or a
      // made-up visit; reschedule it first.
      if (command.now < startOfDay(state.plannedDate, state.timeZone)) {
        throw new VisitError(
          VisitErrorCode.NotYetDue,
          `the visit is planned on ${state.plannedDate}: it cannot be completed before that day`,
          { visitId: state.visitId, plannedDate: state.plannedDate, timeZone: state.timeZone },
        );
      }
      return [
        {
          type: 'VisitCompleted',
          data: {
            ...about,
            plannedDate: state.plannedDate,
            outcome: command.data.outcome,
            feedbackScore: command.data.feedbackScore,
            progress: [...new Set(command.data.progress)],
            ...(state.opportunityId ? { opportunityId: state.opportunityId } : {}),
            completedAt: command.now.toISOString(),
          },
        },
      ];
    case 'CancelVisit':
      return [
        {
          type: 'VisitCancelled',
          data: {
            ...about,
            plannedDate: state.plannedDate,
            reason: command.data.reason,
            cancelledAt: command.now.toISOString(),
          },
        },
      ];
    case 'MarkVisitMissed':
      // Early (a job moved by a clock skew, or run by hand): not missed yet.
      if (command.now < missedCheckDueAt(state, command.policy)) return [];
      return [
        {
          type: 'VisitMissed',
          data: {
            ...about,
            plannedDate: state.plannedDate,
            timeZone: state.timeZone,
            missedAt: command.now.toISOString(),
          },
        },
      ];
  }
}

export function evolveVisit(state: VisitState, event: VisitEvent): VisitState {
  switch (event.type) {
    case 'VisitPlanned': {
      const { plannedAt: _, ...details } = event.data;
      return { status: 'planned', ...details };
    }
    case 'VisitRescheduled':
      return state.status === 'none' ? state : { ...state, plannedDate: event.data.plannedDate };
    case 'VisitCompleted':
      return state.status === 'none'
        ? state
        : {
            ...state,
            status: 'completed',
            outcome: event.data.outcome,
            feedbackScore: event.data.feedbackScore,
            progress: event.data.progress,
          };
    case 'VisitCancelled':
      return state.status === 'none' ? state : { ...state, status: 'cancelled' };
    case 'VisitMissed':
      return state.status === 'none' ? state : { ...state, status: 'missed' };
    case 'MonthlyVisitPlanGenerated':
      return state;
  }
}

/** The visit aggregate as the command handler runs it. */
export const visitDecider: Decider<VisitState, VisitCommand, VisitEvent> = {
  initialState: initialVisitState,
  evolve: evolveVisit,
  decide: decideVisit,
};
