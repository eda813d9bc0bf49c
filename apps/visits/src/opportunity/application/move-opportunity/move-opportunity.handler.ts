import { Inject, Injectable } from '@nestjs/common';
import { mayAct, type RequestContext } from '@crm/platform';
import type { FunnelPolicy } from '@apps/visits/src/opportunity/domain/funnel.policy';
import {
  decideOpportunity,
  evolveOpportunity,
  type OpportunityState,
  type OpportunityTarget,
} from '@apps/visits/src/opportunity/domain/opportunity.decider';
import {
  OpportunityError,
  OpportunityErrorCode,
} from '@apps/visits/src/opportunity/domain/opportunity.errors';
import { causeOf } from '@apps/visits/src/visit/application/visit.repository';
import { FUNNEL_POLICY } from '@apps/visits/src/visits.tokens';
import { OpportunityRepository } from '../opportunity.repository';

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
    private readonly opportunities: OpportunityRepository,
    @Inject(FUNNEL_POLICY) private readonly policy: FunnelPolicy,
  ) {}

  async execute(
    opportunityId: string,
    input: { to: OpportunityTarget; reason?: string | undefined },
    context: RequestContext,
  ): Promise<MoveOpportunityResult> {
    const { state, version } = await this.opportunities.load(opportunityId);
    if (
      state.status === 'none' ||
      !mayAct(context.scope, state)
    ) {
      throw new OpportunityError(
        OpportunityErrorCode.NotFound,
        `opportunity ${opportunityId} not found`,
        { opportunityId },
      );
    }
    this.opportunities.assertExpected(opportunityId, version, context.expectedVersion);
    const events = decideOpportunity(
      { type: 'MoveOpportunity', data: input, policy: this.policy, now: new Date() },
      state,
    );
    const appended = await this.opportunities.append(
      opportunityId,
      state.customerId,
      version,
      events,
      causeOf(context),
    );
    const next = events.reduce<OpportunityState>(evolveOpportunity, state);
    if (next.status === 'none') throw new Error('unreachable: an opened opportunity stays opened');
    return {
      opportunityId,
      version: appended.version,
      status: next.status,
      stage: next.stage,
      winRate: next.winRate,
    };
  }
}
