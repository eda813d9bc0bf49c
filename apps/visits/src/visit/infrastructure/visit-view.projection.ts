import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  ERASED_TEXT,
  parseEventType,
  visitCancelled,
  visitCompleted,
  visitMissed,
  visitPlanned,
  visitRescheduled,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { monthOf } from '@crm/calendar';
import {
  createSchemaIndexes,
  findPage,
  ProjectionSlots,
  type ApplyMode,
  type Projection,
  type ReadModelPage,
} from '@crm/projections';
import { AdvanceFromVisitHandler } from '@apps/visits/src/opportunity/application/advance-from-visit/advance-from-visit.handler';
import { VisitDataCodec } from './visit-data.codec';
import { VISIT_VIEWS, visitViewSchema, type VisitViewDocument } from './visit-view.schema';

/** What the visit list filters on: exact values of these fields. */
export type VisitFilter = Partial<
  Pick<VisitViewDocument, 'customerId' | 'repId' | 'region' | 'month' | 'status'>
>;

/**
 * The visit list and the visits of a month's plan, from crm.visits.events.v1 (one writer: the
 * projection runner's consumer). Live, a completed visit's progress also moves its opportunity;
 * a rebuild (ADR 143) moves nothing. Queries read the live slot.
 */
@Injectable()
export class VisitViewProjection implements Projection<VisitViewDocument> {
  readonly name = 'visit-views';
  readonly collection = VISIT_VIEWS;
  readonly topics = [Topics.visits];

  constructor(
    private readonly slots: ProjectionSlots,
    private readonly codec: VisitDataCodec,
    private readonly advance: AdvanceFromVisitHandler,
  ) {}

  ensureIndexes(target: Collection<VisitViewDocument>): Promise<void> {
    return createSchemaIndexes(target, visitViewSchema);
  }

  async apply(
    event: CloudEvent,
    views: Collection<VisitViewDocument>,
    mode: ApplyMode,
  ): Promise<void> {
    if (!(await this.project(event, views)) || !mode.live) return;
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
  }

  /** True when the event is a visit's (applied now or before). */
  private async project(event: CloudEvent, views: Collection<VisitViewDocument>): Promise<boolean> {
    const position = { stream: event.subject, sequence: event.sequence };
    const updatedAt = new Date(event.time);
    switch (parseEventType(event.type)?.name) {
      case visitPlanned.name: {
        const { visitId: _, plannedAt: __, ...data } = visitPlanned.schema.parse(event.data);
        await applyOnce(views, event.subject, position, {
          $set: { ...data, month: monthOf(data.plannedDate), status: 'planned', updatedAt },
        });
        await this.keepErased(views, data.customerId, event.subject);
        return true;
      }
      case visitRescheduled.name: {
        const data = visitRescheduled.schema.parse(event.data);
        await applyOnce(views, event.subject, position, {
          $set: { plannedDate: data.plannedDate, month: monthOf(data.plannedDate), updatedAt },
        });
        return true;
      }
      case visitCompleted.name: {
        const data = visitCompleted.schema.parse(event.data);
        await applyOnce(views, event.subject, position, {
          $set: {
            status: 'completed',
            outcome: data.outcome,
            feedbackScore: data.feedbackScore,
            progress: data.progress,
            updatedAt,
          },
        });
        await this.keepErased(views, data.customerId, event.subject);
        return true;
      }
      case visitCancelled.name:
        await applyOnce(views, event.subject, position, {
          $set: { status: 'cancelled', updatedAt },
        });
        return true;
      case visitMissed.name:
        await applyOnce(views, event.subject, position, {
          $set: { status: 'missed', updatedAt },
        });
        return true;
      default:
        return false;
    }
  }

  /**
   * Drops the free text of an erased customer's visits (ADR 110). Called after the customer's key
   * is shredded; `keepErased` covers a record that was published before the shred and applied after.
   */
  async forgetCustomer(customerId: string): Promise<void> {
    const views = await this.views();
    await views.updateMany({ customerId }, { $set: { purpose: ERASED_TEXT } });
    await views.updateMany(
      { customerId, outcome: { $exists: true } },
      { $set: { outcome: ERASED_TEXT } },
    );
  }

  /** Written first, checked second: either this sees the shred or forgetCustomer runs after. */
  private async keepErased(
    views: Collection<VisitViewDocument>,
    customerId: string,
    visitId: string,
  ): Promise<void> {
    if (!(await this.codec.isShredded(customerId))) return;
    await views.updateOne({ _id: visitId }, { $set: { purpose: ERASED_TEXT } });
    await views.updateOne(
      { _id: visitId, outcome: { $exists: true } },
      { $set: { outcome: ERASED_TEXT } },
    );
  }

  async page(filter: VisitFilter, page: ReadModelPage): Promise<VisitViewDocument[]> {
    return findPage(await this.views(), filter, page);
  }

  async ofMonth(month: string, customerIds: readonly string[]): Promise<VisitViewDocument[]> {
    return (await this.views()).find({ month, customerId: { $in: [...customerIds] } }).toArray();
  }

  /** The live collection (its slot): a rebuild swaps it without the readers noticing. */
  private views(): Promise<Collection<VisitViewDocument>> {
    return this.slots.collection<VisitViewDocument>(this.name);
  }
}
