import type { ComplaintEvent } from '@crm/contracts';
import {
  iso,
  omitUndefined,
  type CommandOf,
  type Complaint,
  type ComplaintPolicy,
  type EventOf,
  type StepFacts,
} from './complaint.state';
import { met, resolutionDueFrom, running } from './sla.decider';
import { addWorkingTime } from '@crm/calendar';

/**
 * D7 intake: a complaint is recorded with both SLA deadlines running, validated (well-founded)
 * or rejected with a reason — either is the first response — and assigned to a department and
 * a handler with a first cause analysis.
 */
export type IntakeCommand = CommandOf<'validate' | 'assign'>;

export type IntakeEvent = EventOf<'ComplaintValidated' | 'ComplaintRejected' | 'ComplaintAssigned'>;

export function decideRecord(
  command: CommandOf<'record'>,
  policy: ComplaintPolicy,
): ComplaintEvent[] {
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

export function decideIntake(command: IntakeCommand, step: StepFacts): ComplaintEvent[] {
  if (command.step === 'assign') {
    return [{ type: 'ComplaintAssigned', data: { ...step, ...command.data } }];
  }
  return command.data.wellFounded
    ? [{ type: 'ComplaintValidated', data: omitUndefined({ ...step, note: command.data.note }) }]
    : [
        {
          type: 'ComplaintRejected',
          data: { ...step, reason: command.data.reason ?? 'not well-founded' },
        },
      ];
}

export function recorded(event: EventOf<'ComplaintRecorded'>): Complaint {
  const { data } = event;
  return {
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

export function evolveIntake(complaint: Complaint, event: IntakeEvent): Complaint {
  const { deadlines } = complaint;
  switch (event.type) {
    case 'ComplaintValidated':
      return {
        ...complaint,
        status: 'validated',
        deadlines: { ...deadlines, first_response: met(deadlines.first_response, event.data.at) },
      };
    case 'ComplaintRejected':
      // The reasoned reply is both the first response and the resolution.
      return {
        ...complaint,
        status: 'rejected',
        proposal: null,
        deadlines: {
          first_response: met(deadlines.first_response, event.data.at),
          resolution: met(deadlines.resolution, event.data.at),
        },
      };
    case 'ComplaintAssigned':
      return {
        ...complaint,
        status: 'assigned',
        department: event.data.department,
        handlerId: event.data.handlerId,
      };
  }
}
