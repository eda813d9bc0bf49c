import { Inject, Injectable } from '@nestjs/common';
import { causeOf, CLOCK, type Clock, mayAct, type RequestContext } from '@crm/platform';
import type { FunnelPolicy } from '@apps/visits/src/opportunity/domain/funnel.policy';
import type { OpportunityTarget } from '@apps/visits/src/opportunity/domain/opportunity.decider';
import {
  OpportunityError,
  OpportunityErrorCode,
} from '@apps/visits/src/opportunity/domain/opportunity.errors';
import { FUNNEL_POLICY, OPPORTUNITY_HANDLER } from '@apps/visits/src/visits.tokens';
import type { OpportunityCommandHandler } from '../opportunity.commands';

export interface MoveOpportunityResult {
  readonly opportunityId: string;
  readonly version: number;
  readonly status: string;
  readonly stage: string;
  readonly winRate: number;
}

@Injectable()
export class MoveOpportunityHandler {
  constructor(
    @Inject(OPPORTUNITY_HANDLER) private readonly opportunities: OpportunityCommandHandler,
    @Inject(FUNNEL_POLICY) private readonly policy: FunnelPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    opportunityId: string,
    input: { to: OpportunityTarget; reason?: string | undefined },
    context: RequestContext,
  ): Promise<MoveOpportunityResult> {
    const moved = await this.opportunities.handle(
      opportunityId,
      ({ state }) => {
        if (state.status === 'none' || !mayAct(context.scope, state)) {
          throw new OpportunityError(
            OpportunityErrorCode.NotFound,
            `opportunity ${opportunityId} not found`,
            { opportunityId },
          );
        }
        return { type: 'MoveOpportunity', data: input, policy: this.policy, now: this.clock.now() };
      },
      causeOf(context),
      { expectedVersion: context.expectedVersion, retries: 0 },
    );
    const next = moved.state;
    if (next.status === 'none') throw new Error('unreachable: an opened opportunity stays opened');
    return {
      opportunityId,
      version: moved.version,
      status: next.status,
      stage: next.stage,
      winRate: next.winRate,
    };
  }
}
