import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { causeOf, CLOCK, type Clock, type RequestContext } from '@crm/platform';
import type {
  ComplaintPolicy,
  ComplaintStepCommand,
} from '@apps/complaints/src/complaint/domain/complaint.state';
import { ComplaintCustomersProjection } from '@apps/complaints/src/customer-directory/infrastructure/complaint-customers.projection';
import {
  ComplaintError,
  ComplaintErrorCode,
} from '@apps/complaints/src/complaint/domain/complaint.errors';
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
    private readonly customers: ComplaintCustomersProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    input: RecordComplaintInput,
    context: RequestContext,
  ): Promise<RecordComplaintResult> {
    await this.ensureTakesComplaints(input.customerId);
    const complaintId = uuidv7();
    // Stream id = complaint id; the envelope's customerid is the complaint's customer.
    const appended = await this.complaints.handle(
      complaintId,
      {
        step: 'record',
        data: { complaintId, ...input },
        actor: context.principal,
        now: this.clock.now(),
        policy: this.policy,
      },
      causeOf(context),
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

  /**
   * D7: a complaint is recorded for a customer the customers service registered, still active.
   * Not known yet is answered at once, never waited for (ADR 141): the caller retries.
   */
  private async ensureTakesComplaints(customerId: string): Promise<void> {
    const customer = await this.customers.find(customerId);
    if (customer?.status === 'active') return;
    if (customer?.status === 'merged') {
      throw new ComplaintError(
        ComplaintErrorCode.CustomerMerged,
        `customer ${customerId} was merged into customer ${customer.survivorId}: record the complaint for ${customer.survivorId}`,
        {
          customerId,
          survivorId: customer.survivorId,
          errors: [{ field: 'customerId', message: `merged into ${customer.survivorId}` }],
        },
      );
    }
    if (customer?.status === 'erased') {
      throw new ComplaintError(
        ComplaintErrorCode.CustomerErased,
        `customer ${customerId} was erased`,
        { customerId, errors: [{ field: 'customerId', message: 'erased' }] },
      );
    }
    throw new ComplaintError(
      ComplaintErrorCode.CustomerUnknown,
      `customer ${customerId} is not known to the complaints service; a customer registered a moment ago is known within seconds: retry then`,
      { customerId, errors: [{ field: 'customerId', message: 'not a known customer' }] },
    );
  }
}
