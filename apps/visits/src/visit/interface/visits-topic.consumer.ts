import { Injectable } from '@nestjs/common';
import { parseEventType, Topics, visitCompleted, type CloudEvent } from '@crm/contracts';
import { EventConsumers } from '@crm/platform';
import { AdvanceFromVisitHandler } from '@apps/visits/src/opportunity/application/advance-from-visit/advance-from-visit.handler';
import { OpportunityViewProjection } from '@apps/visits/src/opportunity/infrastructure/opportunity-view.projection';
import { VisitViewProjection } from '@apps/visits/src/visit/infrastructure/visit-view.projection';

/**
 * The service's own topic: builds the visit and opportunity lists (one writer per document: the
 * member holding its partition), and lets a completed visit's progress move its opportunity.
 */
@Injectable()
export class VisitsTopicConsumer {
  constructor(
    consumers: EventConsumers,
    private readonly visits: VisitViewProjection,
    private readonly opportunities: OpportunityViewProjection,
    private readonly advance: AdvanceFromVisitHandler,
  ) {
    consumers.create({
      name: 'visits-views',
      topics: [Topics.visits],
      handle: (event) => this.handle(event),
    });
  }

  private async handle(event: CloudEvent): Promise<void> {
    if (await this.visits.apply(event)) {
      if (parseEventType(event.type)?.name !== visitCompleted.name) return;
      const data = visitCompleted.schema.parse(event.data);
      if (!data.opportunityId || data.progress.length === 0) return;
      await this.advance.execute({
        eventId: event.id,
        correlationId: event.correlationid,
        actorId: event.actorid,
        visitId: data.visitId,
        opportunityId: data.opportunityId,
        progress: data.progress,
      });
      return;
    }
    await this.opportunities.apply(event);
  }
}
