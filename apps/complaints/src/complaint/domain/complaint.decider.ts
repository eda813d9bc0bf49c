import type { ComplaintEvent, SlaDeadlineKind } from '@crm/contracts';
import type { Decider } from '@crm/event-store';
import { decideClosure, evolveClosure } from './closure.decider';
import { ComplaintError, ComplaintErrorCode } from './complaint.errors';
import {
  assertStepAllowed,
  initialComplaintState,
  iso,
  type ComplaintCommand,
  type ComplaintPolicy,
  type ComplaintState,
} from './complaint.state';
import { decideIntake, decideRecord, evolveIntake, recorded } from './intake.decider';
import { decideResolution, evolveResolution } from './resolution.decider';
import { decideBreach, evolveSla, runningDeadlines } from './sla.decider';

/**
 * The complaint aggregate (D7): each stage — intake, resolution, closure, SLA deadlines — decides
 * and folds its own steps and events in its own file; this file only routes them and applies
 * what holds for all: a complaint is recorded once, and a workflow step is taken only where the
 * transition table (complaint.workflow.ts) allows it.
 */
export function decideComplaint(
  command: ComplaintCommand,
  state: ComplaintState,
  policy: ComplaintPolicy,
): ComplaintEvent[] {
  if (!state.recorded) {
    if (command.step !== 'record') {
      throw new ComplaintError(ComplaintErrorCode.NotFound, 'complaint not found', {});
    }
    return decideRecord(command, policy);
  }
  const step = {
    complaintId: state.complaintId,
    actorId: command.actor.userId,
    at: iso(command.now),
  };
  switch (command.step) {
    case 'record':
      throw new ComplaintError(
        ComplaintErrorCode.AlreadyRecorded,
        'the complaint is already recorded',
        {
          complaintId: state.complaintId,
        },
      );
    case 'record-sla-breach':
      return decideBreach(command, state, policy, step);
    case 'validate':
    case 'assign':
      assertStepAllowed(state, command.step);
      return decideIntake(command, step);
    case 'propose':
    case 'approve':
    case 'send-back':
    case 'notify-customer':
    case 'customer-response':
    case 'implement':
      assertStepAllowed(state, command.step);
      return decideResolution(command, state, policy, step);
    case 'accountability':
    case 'close':
    case 'reopen':
      assertStepAllowed(state, command.step);
      return decideClosure(command, state, policy, step);
  }
}

export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  if (event.type === 'ComplaintRecorded') return { recorded: true, ...recorded(event) };
  if (!state.recorded) return state;
  switch (event.type) {
    case 'ComplaintValidated':
    case 'ComplaintRejected':
    case 'ComplaintAssigned':
      return { recorded: true, ...evolveIntake(state, event) };
    case 'ResolutionProposed':
    case 'ResolutionApproved':
    case 'ResolutionSentBack':
    case 'CustomerNotified':
    case 'CustomerResponded':
    case 'ResolutionImplemented':
      return { recorded: true, ...evolveResolution(state, event) };
    case 'AccountabilityRecorded':
    case 'ComplaintClosed':
    case 'ComplaintReopened':
      return { recorded: true, ...evolveClosure(state, event) };
    case 'ComplaintSlaBreached':
    case 'ComplaintEscalated':
      return { recorded: true, ...evolveSla(state, event) };
  }
}

export const foldComplaint = (events: readonly ComplaintEvent[]): ComplaintState =>
  events.reduce(evolveComplaint, initialComplaintState);

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
