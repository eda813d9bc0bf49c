import { Inject, Injectable } from '@nestjs/common';
import { causedBy } from '@crm/event-store';
import type { MissedVisitPolicy } from '@apps/visits/src/visit/domain/visit.decider';
import { MISSED_VISIT_POLICY, VISIT_HANDLER } from '@apps/visits/src/visits.tokens';
import type { VisitCommandHandler } from '../visit.commands';
import { CLOCK, type Clock } from '@crm/platform';

const ACTOR = 'system:visit-missed-check';

/**
 * Marks a visit missed if it is still planned after its day. Safe to run any number of times, on
 * any number of instances at once: the append guard lets one writer win; the loser re-reads and
 * finds the visit no longer planned.
 */
@Injectable()
export class MarkVisitMissedHandler {
  constructor(
    @Inject(VISIT_HANDLER) private readonly visits: VisitCommandHandler,
    @Inject(MISSED_VISIT_POLICY) private readonly policy: MissedVisitPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    visitId: string,
    causationId: string,
    now = this.clock.now(),
  ): Promise<'missed' | 'unchanged'> {
    // A job for a visit whose append never happened: nothing to mark.
    const { state } = await this.visits.load(visitId);
    if (state.status === 'none') return 'unchanged';
    // Someone else changing the visit first (another instance, or the rep) is retried: decide again.
    const marked = await this.visits.handle(
      visitId,
      { type: 'MarkVisitMissed', policy: this.policy, now },
      causedBy(ACTOR, causationId),
      { retries: 5 },
    );
    return marked.events.length > 0 ? 'missed' : 'unchanged';
  }
}
