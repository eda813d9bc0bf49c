import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@crm/platform';
import { mayAccess } from '@apps/visits/src/customer-directory/application/visits-access.policy';
import type { VisitState } from '@apps/visits/src/visit/domain/visit.decider';
import { VisitError, VisitErrorCode } from '@apps/visits/src/visit/domain/visit.errors';
import { VISIT_HANDLER } from '@apps/visits/src/visits.tokens';
import type { VisitCommandHandler } from '../visit.commands';

export type VisitView = Exclude<VisitState, { status: 'none' }> & { readonly version: number };

/** One visit, folded from its stream (read-your-writes); one the caller may not see is not found. */
@Injectable()
export class GetVisitQuery {
  constructor(@Inject(VISIT_HANDLER) private readonly visits: VisitCommandHandler) {}

  async execute(visitId: string, principal: Principal): Promise<VisitView> {
    const { state, version } = await this.visits.load(visitId);
    if (state.status === 'none' || !mayAccess(principal, state)) {
      throw new VisitError(VisitErrorCode.NotFound, `visit ${visitId} not found`, { visitId });
    }
    return { ...state, version };
  }
}
