import { Inject, Injectable } from '@nestjs/common';
import { mayAct, type AccessScope } from '@crm/platform';
import type { VisitState } from '@apps/visits/src/visit/domain/visit.decider';
import { VisitError, VisitErrorCode } from '@apps/visits/src/visit/domain/visit.errors';
import { VISIT_HANDLER } from '@apps/visits/src/visits.tokens';
import type { VisitCommandHandler } from '../visit.commands';

export type VisitView = Exclude<VisitState, { status: 'none' }> & { readonly version: number };

/** One visit, folded from its stream (read-your-writes); one the caller may not see is not found. */
@Injectable()
export class GetVisitQuery {
  constructor(@Inject(VISIT_HANDLER) private readonly visits: VisitCommandHandler) {}

  async execute(visitId: string, scope: AccessScope): Promise<VisitView> {
    const { state, version } = await this.visits.load(visitId);
    if (state.status === 'none' || !mayAct(scope, { ownerId: state.repId, region: state.region })) {
      throw new VisitError(VisitErrorCode.NotFound, `visit ${visitId} not found`, { visitId });
    }
    return { ...state, version };
  }
}
