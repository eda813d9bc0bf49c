import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { OpportunityStage } from '@crm/contracts';
import { causeOf, CLOCK, type Clock, type RequestContext } from '@crm/platform';
import { assignWork } from '@apps/visits/src/customer-directory/application/work-assignment';
import { CustomerDirectoryProjection } from '@apps/visits/src/customer-directory/infrastructure/customer-directory.projection';
import type { FunnelPolicy } from '@apps/visits/src/opportunity/domain/funnel.policy';
import {
  OpportunityError,
  OpportunityErrorCode,
} from '@apps/visits/src/opportunity/domain/opportunity.errors';
import {
  DEFAULT_CURRENCY,
  FUNNEL_POLICY,
  OPPORTUNITY_HANDLER,
} from '@apps/visits/src/visits.tokens';
import type { OpportunityCommandHandler } from '../opportunity.commands';

export interface OpenOpportunityInput {
  readonly customerId: string;
  readonly ownerId?: string | undefined;
  readonly title: string;
  /** Major units: a JSON number or a decimal string (ADR 90). */
  readonly amount: number | string;
  readonly currency?: string | undefined;
  readonly expectedCloseDate: string;
  readonly stage?: OpportunityStage | undefined;
}

@Injectable()
export class OpenOpportunityHandler {
  constructor(
    @Inject(OPPORTUNITY_HANDLER) private readonly opportunities: OpportunityCommandHandler,
    private readonly directory: CustomerDirectoryProjection,
    @Inject(FUNNEL_POLICY) private readonly policy: FunnelPolicy,
    @Inject(DEFAULT_CURRENCY) private readonly defaultCurrency: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    input: OpenOpportunityInput,
    context: RequestContext,
  ): Promise<{ opportunityId: string; version: number }> {
    const { customer, assigneeId: ownerId } = await assignWork(
      this.directory,
      { customerId: input.customerId, assigneeId: input.ownerId },
      context,
      {
        unknownCustomer: () =>
          new OpportunityError(
            OpportunityErrorCode.CustomerUnknown,
            `customer ${input.customerId} is not known`,
            { customerId: input.customerId },
          ),
        notAllowed: (refused) =>
          new OpportunityError(
            OpportunityErrorCode.OwnerNotAllowed,
            'you may open opportunities only for your own customers',
            { customerId: refused.customer.customerId, ownerId: refused.assigneeId },
          ),
      },
    );
    const opportunityId = uuidv7();
    const opened = await this.opportunities.handle(
      opportunityId,
      {
        type: 'OpenOpportunity',
        data: {
          opportunityId,
          customerId: customer.customerId,
          ownerId,
          region: customer.region,
          title: input.title,
          amount: input.amount,
          currency: input.currency ?? this.defaultCurrency,
          expectedCloseDate: input.expectedCloseDate,
          stage: input.stage ?? 'lead',
        },
        policy: this.policy,
        now: this.clock.now(),
      },
      causeOf(context),
    );
    // A replayed request belongs to the first request's opportunity.
    return { opportunityId: opened.stream, version: opened.version };
  }
}
