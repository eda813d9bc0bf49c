import { Inject, Injectable } from '@nestjs/common';
import { formatMajor } from '@crm/contracts';
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
  'advancedByVisits' | 'amount'
> & {
  /** Major units as an exact decimal string ("12800.50"), in `currency` (ADR 133). */
  readonly amount: string;
  readonly currency: string;
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
    const { advancedByVisits: _, amount, ...view } = state;
    return { ...view, amount: formatMajor(amount), currency: amount.currency, version };
  }
}
