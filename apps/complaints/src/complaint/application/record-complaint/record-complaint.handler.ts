import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { MongoEventStore, OutboxRelay } from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY, type RequestContext } from '@crm/platform';
import {
  decideComplaint,
  initialComplaintState,
  type ComplaintPolicy,
  type ComplaintStepCommand,
} from '@apps/complaints/src/complaint/domain/complaint.decider';
import { COMPLAINT_POLICY } from '../complaint-policy.token';
import { toDomainEvent } from '../complaint.repository';
import { SlaTimers } from '../sla/sla-timers';

export type RecordComplaintInput = Omit<
  Extract<ComplaintStepCommand, { step: 'record' }>['data'],
  'complaintId'
>;

export interface RecordComplaintResult {
  readonly complaintId: string;
  readonly status: 'recorded';
  readonly version: number;
  readonly firstResponseDue: string;
  readonly resolutionDue: string;
}

@Injectable()
export class RecordComplaintHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(COMPLAINT_POLICY) private readonly policy: ComplaintPolicy,
    private readonly timers: SlaTimers,
  ) {}

  async execute(
    input: RecordComplaintInput,
    context: RequestContext,
  ): Promise<RecordComplaintResult> {
    const events = decideComplaint(
      {
        step: 'record',
        data: { complaintId: uuidv7(), ...input },
        actor: context.principal,
        now: new Date(),
      },
      initialComplaintState,
      this.policy,
    );
    // Stream id = complaint id; the envelope's customerid is the complaint's customer.
    const complaintId = (events[0]!.data as { complaintId: string }).complaintId;
    const appended = await this.store.append(complaintId, 0, events, {
      actorId: context.principal.userId,
      correlationId: context.correlationId,
      causationId: context.correlationId,
      customerId: input.customerId,
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
    });
    this.relay.nudge();
    const recorded = toDomainEvent(appended.events[0]!);
    if (recorded.type !== 'ComplaintRecorded')
      throw new Error('a complaint stream starts with ComplaintRecorded');
    await this.timers.sync(recorded.data.complaintId, [recorded]);
    return {
      complaintId: recorded.data.complaintId,
      status: 'recorded',
      version: appended.toVersion,
      firstResponseDue: recorded.data.firstResponseDue,
      resolutionDue: recorded.data.resolutionDue,
    };
  }
}
