import { Inject, Injectable } from '@nestjs/common';
import type { SalesProgressItem } from '@crm/contracts';
import { EventStoreError, EventStoreErrorCode } from '@crm/event-store';
import type { FunnelPolicy } from '@apps/visits/src/opportunity/domain/funnel.policy';
import { decideOpportunity } from '@apps/visits/src/opportunity/domain/opportunity.decider';
import { FUNNEL_POLICY } from '@apps/visits/src/visits.tokens';
import { OpportunityRepository } from '../opportunity.repository';

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
    private readonly opportunities: OpportunityRepository,
    @Inject(FUNNEL_POLICY) private readonly policy: FunnelPolicy,
  ) {}

  async execute(visit: CompletedVisitProgress): Promise<void> {
    for (;;) {
      const { state, version } = await this.opportunities.load(visit.opportunityId);
      if (state.status === 'none') return;
      const events = decideOpportunity(
        {
          type: 'AdvanceFromVisit',
          data: { visitId: visit.visitId, progress: visit.progress },
          policy: this.policy,
          now: new Date(),
        },
        state,
      );
      if (events.length === 0) return;
      try {
        await this.opportunities.append(visit.opportunityId, state.customerId, version, events, {
          actorId: visit.actorId,
          correlationId: visit.correlationId,
          causationId: visit.eventId,
        });
        return;
      } catch (error) {
        if (
          !(error instanceof EventStoreError) ||
          error.code !== EventStoreErrorCode.StreamVersionConflict
        )
          throw error;
      }
    }
  }
}
