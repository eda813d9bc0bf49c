import {
  allowedSteps,
  isAllowed,
  type COMPLAINT_CATEGORIES,
  type COMPLAINT_CHANNELS,
  type ComplaintEvent,
  type ComplaintSeverity,
  type ComplaintStatus,
  type ComplaintStep,
  type RESOLUTION_PLANS,
  type Role,
  type SlaDeadlineKind,
} from '@crm/contracts';
import { ComplaintError, ComplaintErrorCode } from './complaint.errors';
import type { WorkingCalendar } from '@crm/calendar';

export type Channel = (typeof COMPLAINT_CHANNELS)[number];
export type Category = (typeof COMPLAINT_CATEGORIES)[number];
export type Plan = (typeof RESOLUTION_PLANS)[number];

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
  /**
   * Who a complaint is escalated to at level 1, 2, … when the organization directory names nobody
   * above its handler; the last one stays the top.
   */
  readonly escalationLadder: readonly string[];
  /** How long after a breach (and each escalation) it escalates again; null: the deadline's own SLA. */
  readonly escalationRepeatMs: number | null;
  /**
   * How long the resolution clock stays paused waiting for the customer's answer (in the
   * resolution calendar); after it the clock runs again with what was left. null: no limit.
   */
  readonly customerWaitLimitMs: number | null;
}

/**
 * One SLA deadline: met, breached (once), or paused with the SLA time that was left; once breached
 * and still unmet, when it escalates again.
 */
export interface SlaDeadline {
  readonly due: string | null;
  readonly metAt: string | null;
  readonly breachedAt: string | null;
  readonly pausedRemainingMs: number | null;
  /** End of a limited pause: `due` is then what the deadline becomes if nobody answers by it. */
  readonly pausedUntil: string | null;
  readonly nextEscalationAt: string | null;
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
      readonly data: {
        readonly kind: SlaDeadlineKind;
        readonly deadline: string;
        /** The line above the handler in the organization directory, nearest first. */
        readonly supervisors?: readonly string[] | undefined;
      };
    };

export type ComplaintCommand = ComplaintStepCommand & {
  readonly actor: { readonly userId: string; readonly roles: readonly Role[] };
  readonly now: Date;
};

/** The commands of the given steps, for the capability that decides them. */
export type CommandOf<TStep extends ComplaintStepCommand['step']> = Extract<
  ComplaintCommand,
  { step: TStep }
>;

/** The events of the given types, for the capability that folds them. */
export type EventOf<TType extends ComplaintEvent['type']> = Extract<
  ComplaintEvent,
  { type: TType }
>;

/** What every event of a step carries: the complaint, who took the step and when. */
export interface StepFacts {
  readonly complaintId: string;
  readonly actorId: string;
  readonly at: string;
}

export const iso = (date: Date): string => date.toISOString();

export const omitUndefined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

/** D7: a step is taken only from the states the workflow table allows it in. */
export function assertStepAllowed(complaint: Complaint, step: ComplaintStep): void {
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
