import type { Decider } from '@crm/event-store';
import type {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  ComplaintEvent,
  ComplaintSeverity,
  RESOLUTION_PLANS,
  Role,
  SlaDeadlineKind,
} from '@crm/contracts';
import { ComplaintError, ComplaintErrorCode } from './complaint.errors';
import { allowedSteps, isAllowed, type ComplaintStatus, type ComplaintStep } from '@crm/contracts';
import { addWorkingTime, workingTimeBetween, type WorkingCalendar } from './working-calendar';

type Channel = (typeof COMPLAINT_CHANNELS)[number];
type Category = (typeof COMPLAINT_CATEGORIES)[number];
type Plan = (typeof RESOLUTION_PLANS)[number];

/** The configurable rules of D7 (defaults in the app config). */
export interface ComplaintPolicy {
  readonly firstResponse: { readonly durationMs: number; readonly calendar: WorkingCalendar };
  readonly resolution: {
    readonly durationMs: Readonly<Record<ComplaintSeverity, number>>;
    readonly calendar: WorkingCalendar;
  };
  readonly approval: {
    readonly approverRole: Role;
    readonly higherApproverRole: Role;
    readonly costThreshold: number;
  };
  readonly reopenWindowMs: number;
  /** Who a complaint is escalated to at level 1, 2, …; the last one stays the top. */
  readonly escalationLadder: readonly string[];
}

/** One SLA deadline: met, breached (once), or paused with the SLA time that was left. */
export interface SlaDeadline {
  readonly due: string | null;
  readonly metAt: string | null;
  readonly breachedAt: string | null;
  readonly pausedRemainingMs: number | null;
}

export interface Complaint {
  readonly complaintId: string;
  readonly customerId: string;
  readonly status: ComplaintStatus;
  readonly channel: Channel;
  readonly category: Category;
  readonly severity: ComplaintSeverity;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly department: string | null;
  readonly handlerId: string | null;
  readonly proposal: {
    readonly plan: Plan;
    readonly cost: number;
    readonly proposedBy: string;
  } | null;
  readonly deadlines: Readonly<Record<SlaDeadlineKind, SlaDeadline>>;
  readonly escalationLevel: number;
  readonly escalatedTo: string | null;
  readonly closedAt: string | null;
}

export type ComplaintState =
  { readonly recorded: false } | ({ readonly recorded: true } & Complaint);

export const initialComplaintState: ComplaintState = { recorded: false };

export type ComplaintStepCommand =
  | {
      readonly step: 'record';
      readonly data: {
        readonly complaintId: string;
        readonly customerId: string;
        readonly channel: Channel;
        readonly category: Category;
        readonly severity: ComplaintSeverity;
        readonly description: string;
        readonly customerWords: string;
        readonly contact?:
          { readonly name: string; readonly phone?: string; readonly email?: string } | undefined;
      };
    }
  | {
      readonly step: 'validate';
      readonly data: {
        readonly wellFounded: boolean;
        readonly note?: string | undefined;
        readonly reason?: string | undefined;
      };
    }
  | {
      readonly step: 'assign';
      readonly data: {
        readonly department: string;
        readonly handlerId: string;
        readonly causeAnalysis: string;
      };
    }
  | {
      readonly step: 'propose';
      readonly data: { readonly plan: Plan; readonly description: string; readonly cost: number };
    }
  | { readonly step: 'approve'; readonly data: Record<string, never> }
  | { readonly step: 'send-back'; readonly data: { readonly reason: string } }
  | { readonly step: 'notify-customer'; readonly data: { readonly channel: Channel } }
  | {
      readonly step: 'customer-response';
      readonly data: { readonly agreed: boolean; readonly comment?: string | undefined };
    }
  | { readonly step: 'implement'; readonly data: { readonly note?: string | undefined } }
  | {
      readonly step: 'accountability';
      readonly data: { readonly responsiblePerson: string; readonly actionTaken: string };
    }
  | {
      readonly step: 'close';
      readonly data: { readonly satisfaction: number; readonly summary: string };
    }
  | { readonly step: 'reopen'; readonly data: { readonly reason: string } }
  /** Sent by the SLA timer: records a breach if the deadline is still unmet. Not a workflow step. */
  | {
      readonly step: 'record-sla-breach';
      readonly data: { readonly kind: SlaDeadlineKind; readonly deadline: string };
    };

export type ComplaintCommand = ComplaintStepCommand & {
  readonly actor: { readonly userId: string; readonly roles: readonly Role[] };
  readonly now: Date;
};

const iso = (date: Date) => date.toISOString();

const omitUndefined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

function assertStepAllowed(complaint: Complaint, step: ComplaintStep): void {
  if (isAllowed(complaint.status, step)) return;
  const allowed = allowedSteps(complaint.status);
  throw new ComplaintError(
    ComplaintErrorCode.IllegalStep,
    `a complaint that is ${complaint.status} cannot take the step ${step}; allowed: ${allowed.join(', ') || 'none'}`,
    {
      complaintId: complaint.complaintId,
      currentState: complaint.status,
      step,
      allowedSteps: allowed,
    },
  );
}

function assertMayApprove(
  complaint: Complaint,
  command: ComplaintCommand,
  policy: ComplaintPolicy,
): boolean {
  const { approverRole, higherApproverRole, costThreshold } = policy.approval;
  const roles = command.actor.roles;
  if (!roles.includes(approverRole) && !roles.includes(higherApproverRole)) {
    throw new ComplaintError(
      ComplaintErrorCode.ApprovalNotPermitted,
      `only ${approverRole} or ${higherApproverRole} may decide on a plan`,
      {
        complaintId: complaint.complaintId,
        requiredRoles: [approverRole, higherApproverRole],
      },
    );
  }
  const cost = complaint.proposal?.cost ?? 0;
  const needsHigher = cost > costThreshold;
  if (needsHigher && command.step === 'approve' && !roles.includes(higherApproverRole)) {
    throw new ComplaintError(
      ComplaintErrorCode.HigherApproverRequired,
      `a plan costing ${cost} (above ${costThreshold}) needs the ${higherApproverRole} to approve it`,
      { complaintId: complaint.complaintId, cost, costThreshold, requiredRole: higherApproverRole },
    );
  }
  // Four eyes, at any cost: whoever proposed a plan never approves it.
  const proposedBy = complaint.proposal?.proposedBy;
  if (command.step === 'approve' && proposedBy === command.actor.userId) {
    throw new ComplaintError(
      ComplaintErrorCode.OwnProposal,
      'a plan must be approved by someone other than the one who proposed it',
      { complaintId: complaint.complaintId, proposedBy },
    );
  }
  return needsHigher;
}

const resolutionDueFrom = (
  now: Date,
  severity: ComplaintSeverity,
  policy: ComplaintPolicy,
): string =>
  iso(addWorkingTime(now, policy.resolution.durationMs[severity], policy.resolution.calendar));

function decideOnComplaint(
  command: ComplaintCommand,
  complaint: Complaint,
  policy: ComplaintPolicy,
): ComplaintEvent[] {
  const step = {
    complaintId: complaint.complaintId,
    actorId: command.actor.userId,
    at: iso(command.now),
  };
  if (command.step === 'record') {
    throw new ComplaintError(
      ComplaintErrorCode.AlreadyRecorded,
      'the complaint is already recorded',
      {
        complaintId: complaint.complaintId,
      },
    );
  }
  if (command.step === 'record-sla-breach') return decideBreach(command, complaint, policy, step);
  assertStepAllowed(complaint, command.step);
  switch (command.step) {
    case 'validate':
      return command.data.wellFounded
        ? [
            {
              type: 'ComplaintValidated',
              data: omitUndefined({ ...step, note: command.data.note }),
            },
          ]
        : [
            {
              type: 'ComplaintRejected',
              data: { ...step, reason: command.data.reason ?? 'not well-founded' },
            },
          ];
    case 'assign':
      return [{ type: 'ComplaintAssigned', data: { ...step, ...command.data } }];
    case 'propose':
      return [{ type: 'ResolutionProposed', data: { ...step, ...command.data } }];
    case 'approve': {
      const higherApproval = assertMayApprove(complaint, command, policy);
      return [
        {
          type: 'ResolutionApproved',
          data: { ...step, cost: complaint.proposal?.cost ?? 0, higherApproval },
        },
      ];
    }
    case 'send-back':
      assertMayApprove(complaint, command, policy);
      return [{ type: 'ResolutionSentBack', data: { ...step, reason: command.data.reason } }];
    case 'notify-customer': {
      const due = complaint.deadlines.resolution.due;
      const remaining =
        due === null
          ? 0
          : workingTimeBetween(command.now, new Date(due), policy.resolution.calendar);
      return [
        {
          type: 'CustomerNotified',
          data: { ...step, channel: command.data.channel, resolutionRemainingMs: remaining },
        },
      ];
    }
    case 'customer-response': {
      const remaining = complaint.deadlines.resolution.pausedRemainingMs ?? 0;
      const resolutionDue = iso(addWorkingTime(command.now, remaining, policy.resolution.calendar));
      return [
        {
          type: 'CustomerResponded',
          data: omitUndefined({
            ...step,
            agreed: command.data.agreed,
            comment: command.data.comment,
            resolutionDue,
          }),
        },
      ];
    }
    case 'implement':
      return [
        {
          type: 'ResolutionImplemented',
          data: omitUndefined({ ...step, note: command.data.note }),
        },
      ];
    case 'accountability':
      return [{ type: 'AccountabilityRecorded', data: { ...step, ...command.data } }];
    case 'close':
      return [
        {
          type: 'ComplaintClosed',
          data: { ...step, ...command.data, rejected: complaint.status === 'rejected' },
        },
      ];
    case 'reopen': {
      const closedAt = new Date(complaint.closedAt ?? step.at);
      const windowEnds = new Date(closedAt.getTime() + policy.reopenWindowMs);
      if (command.now > windowEnds) {
        throw new ComplaintError(
          ComplaintErrorCode.ReopenWindowClosed,
          `the complaint can only be reopened until ${iso(windowEnds)}`,
          {
            complaintId: complaint.complaintId,
            currentState: complaint.status,
            closedAt: complaint.closedAt,
            reopenWindowEndedAt: iso(windowEnds),
          },
        );
      }
      return [
        {
          type: 'ComplaintReopened',
          data: {
            ...step,
            reason: command.data.reason,
            resolutionDue: resolutionDueFrom(command.now, complaint.severity, policy),
          },
        },
      ];
    }
  }
}

/** The timer's re-check: only a deadline that is still the current one, unmet, running and past is breached. */
function decideBreach(
  command: Extract<ComplaintCommand, { step: 'record-sla-breach' }>,
  complaint: Complaint,
  policy: ComplaintPolicy,
  step: { complaintId: string; actorId: string; at: string },
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

export function decideComplaint(
  command: ComplaintCommand,
  state: ComplaintState,
  policy: ComplaintPolicy,
): ComplaintEvent[] {
  if (state.recorded) return decideOnComplaint(command, state, policy);
  if (command.step !== 'record') {
    throw new ComplaintError(ComplaintErrorCode.NotFound, 'complaint not found', {});
  }
  const { now } = command;
  return [
    {
      type: 'ComplaintRecorded',
      data: omitUndefined({
        ...command.data,
        actorId: command.actor.userId,
        at: iso(now),
        firstResponseDue: iso(
          addWorkingTime(now, policy.firstResponse.durationMs, policy.firstResponse.calendar),
        ),
        resolutionDue: resolutionDueFrom(now, command.data.severity, policy),
      }),
    },
  ];
}

const running = (due: string): SlaDeadline => ({
  due,
  metAt: null,
  breachedAt: null,
  pausedRemainingMs: null,
});
const met = (deadline: SlaDeadline, at: string): SlaDeadline =>
  deadline.metAt === null ? { ...deadline, metAt: at } : deadline;

export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  if (event.type === 'ComplaintRecorded') {
    const { data } = event;
    return {
      recorded: true,
      complaintId: data.complaintId,
      customerId: data.customerId,
      status: 'recorded',
      channel: data.channel,
      category: data.category,
      severity: data.severity,
      recordedBy: data.actorId,
      recordedAt: data.at,
      department: null,
      handlerId: null,
      proposal: null,
      deadlines: {
        first_response: running(data.firstResponseDue),
        resolution: running(data.resolutionDue),
      },
      escalationLevel: 0,
      escalatedTo: null,
      closedAt: null,
    };
  }
  if (!state.recorded) return state;
  const { deadlines } = state;
  switch (event.type) {
    case 'ComplaintValidated':
      return {
        ...state,
        status: 'validated',
        deadlines: { ...deadlines, first_response: met(deadlines.first_response, event.data.at) },
      };
    case 'ComplaintRejected':
      // The reasoned reply is both the first response and the resolution.
      return {
        ...state,
        status: 'rejected',
        proposal: null,
        deadlines: {
          first_response: met(deadlines.first_response, event.data.at),
          resolution: met(deadlines.resolution, event.data.at),
        },
      };
    case 'ComplaintAssigned':
      return {
        ...state,
        status: 'assigned',
        department: event.data.department,
        handlerId: event.data.handlerId,
      };
    case 'ResolutionProposed':
      return {
        ...state,
        status: 'resolution_proposed',
        proposal: { plan: event.data.plan, cost: event.data.cost, proposedBy: event.data.actorId },
      };
    case 'ResolutionApproved':
      return { ...state, status: 'resolution_approved' };
    case 'ResolutionSentBack':
      return { ...state, status: 'sent_back' };
    case 'CustomerNotified':
      return {
        ...state,
        status: 'customer_notified',
        deadlines: {
          ...deadlines,
          resolution: {
            ...deadlines.resolution,
            due: null,
            pausedRemainingMs: event.data.resolutionRemainingMs,
          },
        },
      };
    case 'CustomerResponded':
      return {
        ...state,
        status: event.data.agreed ? 'customer_agreed' : 'customer_disagreed',
        deadlines: {
          ...deadlines,
          resolution: {
            ...deadlines.resolution,
            due: event.data.resolutionDue,
            pausedRemainingMs: null,
          },
        },
      };
    case 'ResolutionImplemented':
      return {
        ...state,
        status: 'implemented',
        deadlines: { ...deadlines, resolution: met(deadlines.resolution, event.data.at) },
      };
    case 'AccountabilityRecorded':
      return { ...state, status: 'accountability_recorded' };
    case 'ComplaintClosed':
      return { ...state, status: 'closed', closedAt: event.data.at };
    case 'ComplaintReopened':
      return {
        ...state,
        status: 'reopened',
        closedAt: null,
        proposal: null,
        deadlines: { ...deadlines, resolution: running(event.data.resolutionDue) },
      };
    case 'ComplaintSlaBreached':
      return {
        ...state,
        deadlines: {
          ...deadlines,
          [event.data.deadlineKind]: {
            ...deadlines[event.data.deadlineKind],
            breachedAt: event.data.at,
          },
        },
      };
    case 'ComplaintEscalated':
      return { ...state, escalationLevel: event.data.level, escalatedTo: event.data.escalatedTo };
  }
}

export const foldComplaint = (events: readonly ComplaintEvent[]): ComplaintState =>
  events.reduce(evolveComplaint, initialComplaintState);

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

/** Every deadline that was ever running in the complaint's history: timers for the rest are stale. */
export function deadlinesEverRunning(
  events: readonly ComplaintEvent[],
): { kind: SlaDeadlineKind; due: string }[] {
  const seen = new Map<string, { kind: SlaDeadlineKind; due: string }>();
  let state = initialComplaintState;
  for (const event of events) {
    state = evolveComplaint(state, event);
    for (const deadline of runningDeadlines(state))
      seen.set(`${deadline.kind}@${deadline.due}`, deadline);
  }
  return [...seen.values()];
}

/** A command as the command handler runs it: with the policy (SLA hours, calendar) it is decided under. */
export type PolicedComplaintCommand = ComplaintCommand & { readonly policy: ComplaintPolicy };

/** The complaint aggregate as the command handler runs it. */
export const complaintDecider: Decider<ComplaintState, PolicedComplaintCommand, ComplaintEvent> = {
  initialState: initialComplaintState,
  evolve: evolveComplaint,
  decide: (command, state) => decideComplaint(command, state, command.policy),
};
