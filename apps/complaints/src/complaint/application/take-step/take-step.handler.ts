import { Inject, Injectable } from '@nestjs/common';
import { assertStreamVersion, type MongoEventStore, type OutboxRelay } from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY, type RequestContext } from '@crm/platform';
import {
  decideComplaint,
  foldComplaint,
  type ComplaintPolicy,
  type ComplaintStepCommand,
} from '@apps/complaints/src/complaint/domain/complaint.decider';
import {
  ComplaintError,
  ComplaintErrorCode,
} from '@apps/complaints/src/complaint/domain/complaint.errors';
import type { ComplaintStatus } from '@apps/complaints/src/complaint/domain/complaint.workflow';
import { COMPLAINT_POLICY } from '../complaint-policy.token';
import { ComplaintRepository, toDomainEvent } from '../complaint.repository';
import { SlaTimers } from '../sla/sla-timers';

export type WorkflowStepCommand = Exclude<
  ComplaintStepCommand,
  { step: 'record' | 'record-sla-breach' }
>;

export interface StepResult {
  readonly complaintId: string;
  readonly status: ComplaintStatus;
  readonly version: number;
}

/** Every workflow step: load the stream, check If-Match, decide, append at the loaded version, move the timers. */
@Injectable()
export class TakeStepHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(COMPLAINT_POLICY) private readonly policy: ComplaintPolicy,
    private readonly complaints: ComplaintRepository,
    private readonly timers: SlaTimers,
  ) {}

  async execute(
    complaintId: string,
    command: WorkflowStepCommand,
    context: RequestContext,
  ): Promise<StepResult> {
    const { state, version, events } = await this.complaints.load(complaintId);
    if (!state.recorded) {
      throw new ComplaintError(ComplaintErrorCode.NotFound, `complaint ${complaintId} not found`, {
        complaintId,
      });
    }
    assertStreamVersion(complaintId, version, context.expectedVersion);
    const decided = decideComplaint(
      { ...command, actor: context.principal, now: new Date() },
      state,
      this.policy,
    );
    const appended = await this.store.append(complaintId, version, decided, {
      actorId: context.principal.userId,
      correlationId: context.correlationId,
      causationId: context.correlationId,
      customerId: state.customerId,
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
    });
    this.relay.nudge();
    // A replayed append is the first request's: report the stream as it is now.
    const history = appended.replayed
      ? (await this.complaints.load(complaintId)).events
      : [...events, ...appended.events.map(toDomainEvent)];
    await this.timers.sync(complaintId, history);
    const after = foldComplaint(history);
    return {
      complaintId,
      status: after.recorded ? after.status : 'recorded',
      version: appended.toVersion,
    };
  }
}
