import { Inject, Injectable } from '@nestjs/common';
import { mayAct, type AccessScope } from '@crm/platform';
import type { OpportunityState } from '@apps/visits/src/opportunity/domain/opportunity.decider';
import {
  OpportunityError,
  OpportunityErrorCode,
} from '@apps/visits/src/opportunity/domain/opportunity.errors';
import { OPPORTUNITY_HANDLER } from '@apps/visits/src/visits.tokens';
import type { OpportunityCommandHandler } from '../opportunity.commands';

export type OpportunityView = Omit<
  Exclude<OpportunityState, { status: 'none' }>,
  'advancedByVisits'
> & {
  readonly version: number;
};

@Injectable()
export class GetOpportunityQuery {
  constructor(
    @Inject(OPPORTUNITY_HANDLER) private readonly opportunities: OpportunityCommandHandler,
  ) {}

  async execute(opportunityId: string, scope: AccessScope): Promise<OpportunityView> {
    const { state, version } = await this.opportunities.load(opportunityId);
    if (state.status === 'none' || !mayAct(scope, state)) {
      throw new OpportunityError(
        OpportunityErrorCode.NotFound,
        `opportunity ${opportunityId} not found`,
        { opportunityId },
      );
    }
    const { advancedByVisits: _, ...view } = state;
    return { ...view, version };
  }
}
