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
import { addWorkingTime } from '@crm/calendar';

/**
 * D7 deadlines: a first response and a resolution within working hours of the policy's calendar;
 * the resolution clock pauses while the customer is asked and resumes with what was left (at the
 * latest when the configured wait for their answer is over); a
 * deadline still unmet when it passes is breached once and escalates one level up — to the
 * handler's supervisor in the organization directory, then theirs (the configured ladder when the
 * directory names nobody) — and again after each further interval while it stays unmet.
 */
export type SlaCommand = CommandOf<'record-sla-breach'>;

export type SlaEvent = EventOf<'ComplaintSlaBreached' | 'ComplaintEscalated'>;

export const running = (due: string): SlaDeadline => ({
  due,
  metAt: null,
  breachedAt: null,
  pausedRemainingMs: null,
  pausedUntil: null,
  nextEscalationAt: null,
});

/** Paused without a limit: the clock stands still and nothing is watched until the customer answers. */
export const stopped = (deadline: SlaDeadline): boolean =>
  deadline.pausedRemainingMs !== null && deadline.pausedUntil === null;

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
  const fired = new Date(deadline);
  const sameInstant = (instant: string | null) =>
    instant !== null && new Date(instant).getTime() === fired.getTime();
  const unmet =
    current.due !== null && current.metAt === null && !stopped(current) && fired <= command.now;
  const breach = unmet && current.breachedAt === null && sameInstant(current.due);
  const again = unmet && current.breachedAt !== null && sameInstant(current.nextEscalationAt);
  if (!breach && !again) return [];
  const level = complaint.escalationLevel + 1;
  const escalated: ComplaintEvent = {
    type: 'ComplaintEscalated',
    data: {
      ...step,
      level,
      escalatedTo: escalationTarget(level, command.data.supervisors ?? [], policy.escalationLadder),
      deadlineKind: kind,
      nextEscalationAt: iso(
        addWorkingTime(
          fired,
          repeatIntervalMs(kind, complaint.severity, policy),
          calendarOf(kind, policy),
        ),
      ),
    },
  };
  return breach
    ? [
        {
          type: 'ComplaintSlaBreached',
          data: { ...step, deadlineKind: kind, deadline: current.due! },
        },
        escalated,
      ]
    : [escalated];
}

/**
 * Level n goes to the n-th person above the handler in the directory (the top stays the top); with
 * nobody above them (no handler yet, or one the directory does not list), to the ladder's n-th role.
 */
export function escalationTarget(
  level: number,
  supervisors: readonly string[],
  ladder: readonly string[],
): string {
  const line = supervisors.length > 0 ? supervisors : ladder;
  return line[Math.min(level, line.length) - 1]!;
}

const repeatIntervalMs = (
  kind: SlaDeadlineKind,
  severity: ComplaintSeverity,
  policy: ComplaintPolicy,
): number =>
  policy.escalationRepeatMs ??
  (kind === 'first_response'
    ? policy.firstResponse.durationMs
    : policy.resolution.durationMs[severity]);

const calendarOf = (kind: SlaDeadlineKind, policy: ComplaintPolicy) =>
  kind === 'first_response' ? policy.firstResponse.calendar : policy.resolution.calendar;

export function evolveSla(complaint: Complaint, event: SlaEvent): Complaint {
  if (event.type === 'ComplaintEscalated') {
    const { level, escalatedTo, deadlineKind, nextEscalationAt } = event.data;
    return {
      ...complaint,
      escalationLevel: level,
      escalatedTo,
      deadlines: {
        ...complaint.deadlines,
        [deadlineKind]: {
          ...complaint.deadlines[deadlineKind],
          nextEscalationAt: nextEscalationAt ?? null,
        },
      },
    };
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

/**
 * The instants a timer must watch: of each deadline set, unmet and not paused, its due time until it
 * is breached, then when it escalates again.
 */
export function runningDeadlines(state: ComplaintState): { kind: SlaDeadlineKind; due: string }[] {
  if (!state.recorded) return [];
  return (Object.entries(state.deadlines) as [SlaDeadlineKind, SlaDeadline][]).flatMap(
    ([kind, deadline]) => {
      if (deadline.due === null || deadline.metAt !== null || stopped(deadline)) {
        return [];
      }
      const watched = deadline.breachedAt === null ? deadline.due : deadline.nextEscalationAt;
      return watched === null ? [] : [{ kind, due: watched }];
    },
  );
}
