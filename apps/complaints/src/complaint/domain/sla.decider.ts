import type { ComplaintEvent, ComplaintSeverity, SlaDeadlineKind } from '@crm/contracts';
import {
  iso,
  type CommandOf,
  type Complaint,
  type ComplaintPolicy,
  type ComplaintState,
  type EventOf,
  type SlaDeadline,
  type StepFacts,
} from './complaint.state';
import { addWorkingTime } from './working-calendar';

/**
 * D7 deadlines: a first response and a resolution within working hours of the policy's calendar;
 * the resolution clock pauses while the customer is asked and resumes with what was left; a
 * deadline still unmet when it passes is breached once and escalates one level up the ladder.
 */
export type SlaCommand = CommandOf<'record-sla-breach'>;

export type SlaEvent = EventOf<'ComplaintSlaBreached' | 'ComplaintEscalated'>;

export const running = (due: string): SlaDeadline => ({
  due,
  metAt: null,
  breachedAt: null,
  pausedRemainingMs: null,
});

export const met = (deadline: SlaDeadline, at: string): SlaDeadline =>
  deadline.metAt === null ? { ...deadline, metAt: at } : deadline;

export const resolutionDueFrom = (
  now: Date,
  severity: ComplaintSeverity,
  policy: ComplaintPolicy,
): string =>
  iso(addWorkingTime(now, policy.resolution.durationMs[severity], policy.resolution.calendar));

/** The timer's re-check: only a deadline that is still the current one, unmet, running and past is breached. */
export function decideBreach(
  command: SlaCommand,
  complaint: Complaint,
  policy: ComplaintPolicy,
  step: StepFacts,
): ComplaintEvent[] {
  const { kind, deadline } = command.data;
  const current = complaint.deadlines[kind];
  const stillDue =
    current.due !== null &&
    new Date(current.due).getTime() === new Date(deadline).getTime() &&
    current.metAt === null &&
    current.breachedAt === null &&
    current.pausedRemainingMs === null &&
    new Date(current.due) <= command.now;
  if (!stillDue) return [];
  const level = complaint.escalationLevel + 1;
  const ladder = policy.escalationLadder;
  return [
    { type: 'ComplaintSlaBreached', data: { ...step, deadlineKind: kind, deadline: current.due! } },
    {
      type: 'ComplaintEscalated',
      data: {
        ...step,
        level,
        escalatedTo: ladder[Math.min(level, ladder.length) - 1]!,
        deadlineKind: kind,
      },
    },
  ];
}

export function evolveSla(complaint: Complaint, event: SlaEvent): Complaint {
  if (event.type === 'ComplaintEscalated') {
    return { ...complaint, escalationLevel: event.data.level, escalatedTo: event.data.escalatedTo };
  }
  const { deadlines } = complaint;
  return {
    ...complaint,
    deadlines: {
      ...deadlines,
      [event.data.deadlineKind]: {
        ...deadlines[event.data.deadlineKind],
        breachedAt: event.data.at,
      },
    },
  };
}

/** The deadlines a timer must watch: set, unmet, not breached yet and not paused. */
export function runningDeadlines(state: ComplaintState): { kind: SlaDeadlineKind; due: string }[] {
  if (!state.recorded) return [];
  return (Object.entries(state.deadlines) as [SlaDeadlineKind, SlaDeadline][]).flatMap(
    ([kind, deadline]) =>
      deadline.due !== null &&
      deadline.metAt === null &&
      deadline.breachedAt === null &&
      deadline.pausedRemainingMs === null
        ? [{ kind, due: deadline.due }]
        : [],
  );
}
