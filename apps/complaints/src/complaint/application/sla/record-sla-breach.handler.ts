import { Inject, Injectable } from '@nestjs/common';
import type { SlaDeadlineKind } from '@crm/contracts';
import {
  EventStoreError,
  EventStoreErrorCode,
  type MongoEventStore,
  type OutboxRelay,
} from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY } from '@crm/platform';
import {
  decideComplaint,
  runningDeadlines,
  type ComplaintPolicy,
} from '@apps/complaints/src/complaint/domain/complaint.decider';
import { COMPLAINT_POLICY } from '../complaint-policy.token';
import { ComplaintRepository, toDomainEvent } from '../complaint.repository';
import { SlaTimers } from './sla-timers';

export const SLA_ACTOR = 'system:complaint-sla';
const MAX_CONFLICTS = 5;

export interface SlaDeadlineDue {
  readonly complaintId: string;
  readonly kind: SlaDeadlineKind;
  readonly deadline: string;
}

/** A timer fired before its deadline (clock skew between hosts): the job is retried later. */
export class DeadlineNotYetDue extends Error {
  constructor(deadline: string) {
    super(`deadline ${deadline} is not due yet`);
    this.name = 'DeadlineNotYetDue';
  }
}

export type BreachOutcome = 'escalated' | 'not-breached';

/**
 * Runs when an SLA timer fires. It re-loads the stream and only if the deadline is still the
 * running one, unmet and past does it append ComplaintSlaBreached + ComplaintEscalated, in one
 * commit. Two instances racing both decide from the same version; the store's unique
 * (stream, from) index lets one commit win, and the loser re-loads and finds nothing to do.
 */
@Injectable()
export class RecordSlaBreachHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(COMPLAINT_POLICY) private readonly policy: ComplaintPolicy,
    private readonly complaints: ComplaintRepository,
    private readonly timers: SlaTimers,
  ) {}

  async execute(
    due: SlaDeadlineDue,
    jobId: string,
    now: () => Date = () => new Date(),
  ): Promise<BreachOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const { state, version, events } = await this.complaints.load(due.complaintId);
      if (!state.recorded) return 'not-breached';
      const at = now();
      const stillRunning = runningDeadlines(state).some(
        (deadline) => deadline.kind === due.kind && deadline.due === due.deadline,
      );
      if (stillRunning && new Date(due.deadline) > at) throw new DeadlineNotYetDue(due.deadline);
      const breach = decideComplaint(
        {
          step: 'record-sla-breach',
          data: { kind: due.kind, deadline: due.deadline },
          actor: { userId: SLA_ACTOR, roles: [] },
          now: at,
        },
        state,
        this.policy,
      );
      if (breach.length === 0) return 'not-breached';
      try {
        const appended = await this.store.append(due.complaintId, version, breach, {
          actorId: SLA_ACTOR,
          correlationId: jobId,
          causationId: jobId,
          customerId: state.customerId,
          idempotencyKey: `sla-breach:${jobId}`,
        });
        this.relay.nudge();
        await this.timers.sync(due.complaintId, [...events, ...appended.events.map(toDomainEvent)]);
        return appended.replayed ? 'not-breached' : 'escalated';
      } catch (error) {
        const conflict =
          error instanceof EventStoreError &&
          error.code === EventStoreErrorCode.StreamVersionConflict;
        if (!conflict || attempt >= MAX_CONFLICTS) throw error;
      }
    }
  }
}
