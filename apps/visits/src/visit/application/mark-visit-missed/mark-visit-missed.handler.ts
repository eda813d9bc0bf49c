import { Inject, Injectable } from '@nestjs/common';
import { EventStoreError, EventStoreErrorCode } from '@crm/event-store';
import { decideVisit, type MissedVisitPolicy } from '@apps/visits/src/visit/domain/visit.decider';
import { MISSED_VISIT_POLICY } from '@apps/visits/src/visits.tokens';
import { VisitRepository } from '../visit.repository';

const ACTOR = 'system:visit-missed-check';

/**
 * Marks a visit missed if it is still planned after its day. Safe to run any number of times, on
 * any number of instances at once: the append guard lets one writer win; the loser re-reads and
 * finds the visit no longer planned.
 */
@Injectable()
export class MarkVisitMissedHandler {
  constructor(
    private readonly visits: VisitRepository,
    @Inject(MISSED_VISIT_POLICY) private readonly policy: MissedVisitPolicy,
  ) {}

  async execute(
    visitId: string,
    causationId: string,
    now = new Date(),
  ): Promise<'missed' | 'unchanged'> {
    for (;;) {
      const { state, version } = await this.visits.load(visitId);
      // A job for a visit whose append never happened: nothing to mark.
      if (state.status === 'none') return 'unchanged';
      const events = decideVisit({ type: 'MarkVisitMissed', policy: this.policy, now }, state);
      if (events.length === 0) return 'unchanged';
      try {
        await this.visits.append(visitId, state.customerId, version, events, {
          actorId: ACTOR,
          correlationId: causationId,
          causationId,
        });
        return 'missed';
      } catch (error) {
        // Someone else changed the visit first (another instance, or the rep): decide again.
        if (
          !(error instanceof EventStoreError) ||
          error.code !== EventStoreErrorCode.StreamVersionConflict
        )
          throw error;
      }
    }
  }
}
