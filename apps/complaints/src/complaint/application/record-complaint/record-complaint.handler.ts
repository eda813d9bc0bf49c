import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { RequestContext } from '@crm/platform';
import type {
  ComplaintPolicy,
  ComplaintStepCommand,
} from '@apps/complaints/src/complaint/domain/complaint.state';
import { COMPLAINT_HANDLER, COMPLAINT_POLICY } from '../complaint-policy.token';
import { toDomainEvent, type ComplaintCommandHandler } from '../complaint.repository';
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
    @Inject(COMPLAINT_HANDLER) private readonly complaints: ComplaintCommandHandler,
    @Inject(COMPLAINT_POLICY) private readonly policy: ComplaintPolicy,
    private readonly timers: SlaTimers,
  ) {}

  async execute(
    input: RecordComplaintInput,
    context: RequestContext,
  ): Promise<RecordComplaintResult> {
    const complaintId = uuidv7();
    // Stream id = complaint id; the envelope's customerid is the complaint's customer.
    const appended = await this.complaints.handle(
      complaintId,
      {
        step: 'record',
        data: { complaintId, ...input },
        actor: context.principal,
        now: new Date(),
        policy: this.policy,
      },
      {
        actorId: context.principal.userId,
        correlationId: context.correlationId,
        causationId: context.correlationId,
        idempotencyKey: context.idempotencyKey,
      },
    );
    const recorded = toDomainEvent(appended.events[0]!);
    if (recorded.type !== 'ComplaintRecorded')
      throw new Error('a complaint stream starts with ComplaintRecorded');
    await this.timers.sync(recorded.data.complaintId, [recorded]);
    return {
      complaintId: recorded.data.complaintId,
      status: 'recorded',
      version: appended.version,
      firstResponseDue: recorded.data.firstResponseDue,
      resolutionDue: recorded.data.resolutionDue,
    };
  }
}
