import type { ComplaintEvent } from '@crm/contracts';
import { ComplaintError, ComplaintErrorCode } from './complaint.errors';
import {
  iso,
  omitUndefined,
  type CommandOf,
  type Complaint,
  type ComplaintPolicy,
  type EventOf,
  type StepFacts,
} from './complaint.state';
import { met } from './sla.decider';
import { addWorkingTime, workingTimeBetween } from '@crm/calendar';

/**
 * D7 resolution: the handler proposes a plan; the approver (the higher approver above the cost
 * threshold, and never the proposer) approves it or sends it back; the customer is told — which
 * pauses the resolution clock — and answers, which resumes it; the plan is then implemented.
 */
export type ResolutionCommand = CommandOf<
  'propose' | 'approve' | 'send-back' | 'notify-customer' | 'customer-response' | 'implement'
>;

export type ResolutionEvent = EventOf<
  | 'ResolutionProposed'
  | 'ResolutionApproved'
  | 'ResolutionSentBack'
  | 'CustomerNotified'
  | 'CustomerResponded'
  | 'ResolutionImplemented'
>;

/** Who may decide on a plan; returns whether its cost needed the higher approver. */
function assertMayApprove(
  complaint: Complaint,
  command: CommandOf<'approve' | 'send-back'>,
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

export function decideResolution(
  command: ResolutionCommand,
  complaint: Complaint,
  policy: ComplaintPolicy,
  step: StepFacts,
): ComplaintEvent[] {
  switch (command.step) {
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
      const { calendar } = policy.resolution;
      const remaining = due === null ? 0 : workingTimeBetween(command.now, new Date(due), calendar);
      const limit = policy.customerWaitLimitMs;
      const waitEndsAt = limit === null ? null : addWorkingTime(command.now, limit, calendar);
      return [
        {
          type: 'CustomerNotified',
          data: {
            ...step,
            channel: command.data.channel,
            resolutionRemainingMs: remaining,
            ...(waitEndsAt === null
              ? {}
              : {
                  waitEndsAt: iso(waitEndsAt),
                  resolutionDue: iso(addWorkingTime(waitEndsAt, remaining, calendar)),
                }),
          },
        },
      ];
    }
    case 'customer-response': {
      const { pausedRemainingMs, pausedUntil, due } = complaint.deadlines.resolution;
      // After a limited wait ran out the clock has been running again: a late answer gains no time.
      const resolutionDue =
        pausedUntil !== null && due !== null && command.now >= new Date(pausedUntil)
          ? due
          : iso(addWorkingTime(command.now, pausedRemainingMs ?? 0, policy.resolution.calendar));
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
  }
}

export function evolveResolution(complaint: Complaint, event: ResolutionEvent): Complaint {
  const { deadlines } = complaint;
  switch (event.type) {
    case 'ResolutionProposed':
      return {
        ...complaint,
        status: 'resolution_proposed',
        proposal: { plan: event.data.plan, cost: event.data.cost, proposedBy: event.data.actorId },
      };
    case 'ResolutionApproved':
      return { ...complaint, status: 'resolution_approved' };
    case 'ResolutionSentBack':
      return { ...complaint, status: 'sent_back' };
    case 'CustomerNotified':
      return {
        ...complaint,
        status: 'customer_notified',
        deadlines: {
          ...deadlines,
          resolution: {
            ...deadlines.resolution,
            due: event.data.resolutionDue ?? null,
            pausedRemainingMs: event.data.resolutionRemainingMs,
            pausedUntil: event.data.waitEndsAt ?? null,
            // Once breached, it escalates again only after the wait, like the clock itself.
            nextEscalationAt: later(deadlines.resolution.nextEscalationAt, event.data.waitEndsAt),
          },
        },
      };
    case 'CustomerResponded':
      return {
        ...complaint,
        status: event.data.agreed ? 'customer_agreed' : 'customer_disagreed',
        deadlines: {
          ...deadlines,
          resolution: {
            ...deadlines.resolution,
            due: event.data.resolutionDue,
            pausedRemainingMs: null,
            pausedUntil: null,
          },
        },
      };
    case 'ResolutionImplemented':
      return {
        ...complaint,
        status: 'implemented',
        deadlines: { ...deadlines, resolution: met(deadlines.resolution, event.data.at) },
      };
  }
}

const later = (instant: string | null, other: string | undefined): string | null =>
  instant === null || other === undefined || new Date(instant) >= new Date(other) ? instant : other;
