import { Inject, Injectable } from '@nestjs/common';
import { causeOf, CLOCK, type Clock, type RequestContext } from '@crm/platform';
import type {
  ComplaintPolicy,
  ComplaintStepCommand,
} from '@apps/complaints/src/complaint/domain/complaint.state';
import {
  ComplaintError,
  ComplaintErrorCode,
} from '@apps/complaints/src/complaint/domain/complaint.errors';
import type { ComplaintStatus } from '@crm/contracts';
import { COMPLAINT_HANDLER, COMPLAINT_POLICY } from '../complaint-policy.token';
import { ComplaintRepository, type ComplaintCommandHandler } from '../complaint.repository';
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

/** Every workflow step, through the complaint's command handler; then the timers follow the stream. */
@Injectable()
export class TakeStepHandler {
  constructor(
    @Inject(COMPLAINT_HANDLER) private readonly handler: ComplaintCommandHandler,
    @Inject(COMPLAINT_POLICY) private readonly policy: ComplaintPolicy,
    private readonly complaints: ComplaintRepository,
    private readonly timers: SlaTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    complaintId: string,
    command: WorkflowStepCommand,
    context: RequestContext,
  ): Promise<StepResult> {
    const stepped = await this.handler.handle(
      complaintId,
      ({ state }) => {
        if (!state.recorded) {
          throw new ComplaintError(
            ComplaintErrorCode.NotFound,
            `complaint ${complaintId} not found`,
            {
              complaintId,
            },
          );
        }
        return { ...command, actor: context.principal, now: this.clock.now(), policy: this.policy };
      },
      causeOf(context),
      { expectedVersion: context.expectedVersion, retries: 0 },
    );
    // The timers follow the stream as it is now (for a replay: as the first request left it).
    await this.timers.sync(complaintId, (await this.complaints.load(complaintId)).events);
    return {
      complaintId,
      status: stepped.state.recorded ? stepped.state.status : 'recorded',
      version: stepped.version,
    };
  }
}
