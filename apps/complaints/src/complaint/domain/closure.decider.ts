import type { ComplaintEvent } from '@crm/contracts';
import { ComplaintError, ComplaintErrorCode } from './complaint.errors';
import {
  iso,
  type CommandOf,
  type Complaint,
  type ComplaintPolicy,
  type EventOf,
  type StepFacts,
} from './complaint.state';
import { resolutionDueFrom, running } from './sla.decider';

/**
 * D7 closure: accountability is recorded, the complaint is closed with the customer's
 * satisfaction, and it may be reopened within the reopen window — with a new resolution deadline.
 */
export type ClosureCommand = CommandOf<'accountability' | 'close' | 'reopen'>;

export type ClosureEvent = EventOf<
  'AccountabilityRecorded' | 'ComplaintClosed' | 'ComplaintReopened'
>;

export function decideClosure(
  command: ClosureCommand,
  complaint: Complaint,
  policy: ComplaintPolicy,
  step: StepFacts,
): ComplaintEvent[] {
  switch (command.step) {
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

export function evolveClosure(complaint: Complaint, event: ClosureEvent): Complaint {
  switch (event.type) {
    case 'AccountabilityRecorded':
      return { ...complaint, status: 'accountability_recorded' };
    case 'ComplaintClosed':
      return { ...complaint, status: 'closed', closedAt: event.data.at };
    case 'ComplaintReopened':
      return {
        ...complaint,
        status: 'reopened',
        closedAt: null,
        proposal: null,
        deadlines: { ...complaint.deadlines, resolution: running(event.data.resolutionDue) },
      };
  }
}
