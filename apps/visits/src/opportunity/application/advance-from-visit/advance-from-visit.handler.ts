import { Inject, Injectable } from '@nestjs/common';
import type { SalesProgressItem } from '@crm/contracts';
import type { FunnelPolicy } from '@apps/visits/src/opportunity/domain/funnel.policy';
import { FUNNEL_POLICY, OPPORTUNITY_HANDLER } from '@apps/visits/src/visits.tokens';
import type { OpportunityCommandHandler } from '../opportunity.commands';
import { CLOCK, type Clock } from '@crm/platform';

export interface CompletedVisitProgress {
  readonly eventId: string;
  readonly correlationId: string;
  readonly actorId: string;
  readonly visitId: string;
  readonly opportunityId: string;
  readonly progress: readonly SalesProgressItem[];
}

/**
 * D4 → D10: the progress a completed visit recorded moves its opportunity forward. Runs from the
 * visits topic (at least once): the opportunity remembers which visits moved it.
 */
@Injectable()
export class AdvanceFromVisitHandler {
  constructor(
    @Inject(OPPORTUNITY_HANDLER) private readonly opportunities: OpportunityCommandHandler,
    @Inject(FUNNEL_POLICY) private readonly policy: FunnelPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(visit: CompletedVisitProgress): Promise<void> {
    // A visit may name an opportunity whose opening never happened: nothing to move.
    const { state } = await this.opportunities.load(visit.opportunityId);
    if (state.status === 'none') return;
    // A concurrent move is retried on the new version (the opportunity remembers the visit).
    await this.opportunities.handle(
      visit.opportunityId,
      {
        type: 'AdvanceFromVisit',
        data: { visitId: visit.visitId, progress: visit.progress },
        policy: this.policy,
        now: this.clock.now(),
      },
      { actorId: visit.actorId, correlationId: visit.correlationId, causationId: visit.eventId },
      { retries: 5 },
    );
  }
}
