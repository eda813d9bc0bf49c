import { Inject, Injectable } from '@nestjs/common';
import type { SlaDeadlineKind } from '@crm/contracts';
import { causedBy } from '@crm/event-store';
import { CLOCK, type Clock, OrganizationDirectory } from '@crm/platform';
import type { ComplaintPolicy } from '@apps/complaints/src/complaint/domain/complaint.state';
import { runningDeadlines } from '@apps/complaints/src/complaint/domain/sla.decider';
import { COMPLAINT_HANDLER, COMPLAINT_POLICY } from '../complaint-policy.token';
import { ComplaintRepository, type ComplaintCommandHandler } from '../complaint.repository';
import { SlaTimers } from './sla-timers';

export const SLA_ACTOR = 'system:complaint-sla';
/** Conflicts with another writer (a step, another instance) retried before the job fails. */
const CONFLICT_RETRIES = 4;

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
 * commit (a later timer of the same unmet deadline: ComplaintEscalated alone). Two instances racing both decide from the same version; the store's unique
 * (stream, from) index lets one commit win, and the loser re-loads and finds nothing to do.
 */
@Injectable()
export class RecordSlaBreachHandler {
  constructor(
    @Inject(COMPLAINT_HANDLER) private readonly handler: ComplaintCommandHandler,
    @Inject(COMPLAINT_POLICY) private readonly policy: ComplaintPolicy,
    private readonly complaints: ComplaintRepository,
    private readonly timers: SlaTimers,
    private readonly directory: OrganizationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    due: SlaDeadlineDue,
    jobId: string,
    now: () => Date = () => this.clock.now(),
  ): Promise<BreachOutcome> {
    const { state } = await this.complaints.load(due.complaintId);
    if (!state.recorded) return 'not-breached';
    const breach = await this.handler.handle(
      due.complaintId,
      ({ state: current }) => {
        const at = now();
        const stillRunning =
          current.recorded &&
          runningDeadlines(current).some(
            (deadline) => deadline.kind === due.kind && deadline.due === due.deadline,
          );
        if (stillRunning && new Date(due.deadline) > at) throw new DeadlineNotYetDue(due.deadline);
        return {
          step: 'record-sla-breach',
          data: {
            kind: due.kind,
            deadline: due.deadline,
            // D7: up the directory from whoever handles the complaint now.
            supervisors:
              current.recorded && current.handlerId !== null
                ? this.directory.supervisorsOf(current.handlerId)
                : [],
          },
          actor: { userId: SLA_ACTOR, roles: [] },
          now: at,
          policy: this.policy,
        };
      },
      causedBy(SLA_ACTOR, jobId, { idempotencyKey: `sla-breach:${jobId}` }),
      { retries: CONFLICT_RETRIES },
    );
    if (breach.events.length === 0) return 'not-breached';
    await this.timers.sync(due.complaintId, (await this.complaints.load(due.complaintId)).events);
    return breach.replayed ? 'not-breached' : 'escalated';
  }
}
