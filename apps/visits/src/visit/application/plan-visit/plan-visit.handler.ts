import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { VisitChannel } from '@crm/contracts';
import type { JobQueues } from '@crm/jobs';
import { causeOf, CLOCK, type Clock, type RequestContext } from '@crm/platform';
import { assignWork } from '@apps/visits/src/customer-directory/application/work-assignment';
import { CustomerDirectoryProjection } from '@apps/visits/src/customer-directory/infrastructure/customer-directory.projection';
import type { OpportunityCommandHandler } from '@apps/visits/src/opportunity/application/opportunity.commands';
import {
  missedCheckDueAt,
  type MissedVisitPolicy,
} from '@apps/visits/src/visit/domain/visit.decider';
import { VisitError, VisitErrorCode } from '@apps/visits/src/visit/domain/visit.errors';
import {
  DEFAULT_TIME_ZONE,
  JOB_QUEUES,
  MISSED_VISIT_POLICY,
  OPPORTUNITY_HANDLER,
  VISIT_HANDLER,
} from '@apps/visits/src/visits.tokens';
import type { VisitCommandHandler } from '../visit.commands';
import { visitMissedCheck, visitMissedCheckId } from '../visit.jobs';

export interface PlanVisitInput {
  readonly customerId: string;
  readonly repId?: string | undefined;
  readonly plannedDate: string;
  readonly timeZone?: string | undefined;
  readonly channel: VisitChannel;
  readonly purpose: string;
  readonly opportunityId?: string | undefined;
}

@Injectable()
export class PlanVisitHandler {
  constructor(
    @Inject(VISIT_HANDLER) private readonly visits: VisitCommandHandler,
    private readonly directory: CustomerDirectoryProjection,
    @Inject(OPPORTUNITY_HANDLER) private readonly opportunities: OpportunityCommandHandler,
    @Inject(JOB_QUEUES) private readonly jobs: JobQueues,
    @Inject(MISSED_VISIT_POLICY) private readonly missedPolicy: MissedVisitPolicy,
    @Inject(DEFAULT_TIME_ZONE) private readonly defaultTimeZone: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    input: PlanVisitInput,
    context: RequestContext,
  ): Promise<{ visitId: string; version: number }> {
    const { customer, assigneeId: repId } = await assignWork(
      this.directory,
      { customerId: input.customerId, assigneeId: input.repId },
      context,
      {
        unknownCustomer: () =>
          new VisitError(
            VisitErrorCode.CustomerUnknown,
            `customer ${input.customerId} is not known`,
            { customerId: input.customerId },
          ),
        notAllowed: (refused) =>
          new VisitError(
            VisitErrorCode.RepNotAllowed,
            'you may plan visits only to your own customers, for yourself',
            { customerId: refused.customer.customerId, repId: refused.assigneeId },
          ),
      },
    );
    if (input.opportunityId) {
      const { state } = await this.opportunities.load(input.opportunityId);
      if (state.status === 'none' || state.customerId !== customer.customerId) {
        throw new VisitError(
          VisitErrorCode.OpportunityMismatch,
          'the opportunity is not one of this customer',
          {
            opportunityId: input.opportunityId,
          },
        );
      }
    }
    const visitId = uuidv7();
    const details = {
      visitId,
      customerId: customer.customerId,
      repId,
      region: customer.region,
      plannedDate: input.plannedDate,
      timeZone: input.timeZone ?? this.defaultTimeZone,
      channel: input.channel,
      purpose: input.purpose,
      opportunityId: input.opportunityId,
    };
    const planned = await this.visits.handle(
      visitId,
      { type: 'PlanVisit', data: details, now: this.clock.now() },
      causeOf(context),
      {
        // Scheduled before the append: a crash in between leaves a job that finds no visit, never a visit without its job.
        beforeAppend: () =>
          this.jobs.schedule(
            visitMissedCheck,
            { visitId, plannedDate: details.plannedDate },
            {
              jobId: visitMissedCheckId(visitId, details.plannedDate),
              runAt: missedCheckDueAt(details, this.missedPolicy),
            },
          ),
      },
    );
    // A replayed request belongs to the first request's visit.
    return { visitId: planned.stream, version: planned.version };
  }
}
