import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  ERASED_TEXT,
  parseEventType,
  visitCancelled,
  visitCompleted,
  visitMissed,
  visitPlanned,
  visitRescheduled,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { monthOf } from '@crm/calendar';
import { VisitDataCodec } from './visit-data.codec';
import { VISIT_VIEWS, type VisitViewDocument } from './visit-view.schema';

export interface VisitFilter {
  readonly customerId?: string | undefined;
  readonly repId?: string | undefined;
  readonly region?: string | undefined;
  readonly month?: string | undefined;
  readonly status?: string | undefined;
}

/** The visit list and the visits of a month's plan, from crm.visits.events.v1 (one writer: its consumer). */
@Injectable()
export class VisitViewProjection {
  private readonly views;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly codec: VisitDataCodec,
  ) {
    this.views = connection.collection<VisitViewDocument>(VISIT_VIEWS);
  }

  async apply(event: CloudEvent): Promise<boolean> {
    const position = { stream: event.subject, sequence: event.sequence };
    const updatedAt = new Date(event.time);
    switch (parseEventType(event.type)?.name) {
      case visitPlanned.name: {
        const { visitId: _, plannedAt: __, ...data } = visitPlanned.schema.parse(event.data);
        await applyOnce(this.views, event.subject, position, {
          $set: { ...data, month: monthOf(data.plannedDate), status: 'planned', updatedAt },
        });
        await this.keepErased(data.customerId, event.subject);
        return true;
      }
      case visitRescheduled.name: {
        const data = visitRescheduled.schema.parse(event.data);
        await applyOnce(this.views, event.subject, position, {
          $set: { plannedDate: data.plannedDate, month: monthOf(data.plannedDate), updatedAt },
        });
        return true;
      }
      case visitCompleted.name: {
        const data = visitCompleted.schema.parse(event.data);
        await applyOnce(this.views, event.subject, position, {
          $set: {
            status: 'completed',
            outcome: data.outcome,
            feedbackScore: data.feedbackScore,
            progress: data.progress,
            updatedAt,
          },
        });
        await this.keepErased(data.customerId, event.subject);
        return true;
      }
      case visitCancelled.name:
        await applyOnce(this.views, event.subject, position, {
          $set: { status: 'cancelled', updatedAt },
        });
        return true;
      case visitMissed.name:
        await applyOnce(this.views, event.subject, position, {
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
    await this.views.updateMany({ customerId }, { $set: { purpose: ERASED_TEXT } });
    await this.views.updateMany(
      { customerId, outcome: { $exists: true } },
      { $set: { outcome: ERASED_TEXT } },
    );
  }

  /** Written first, checked second: either this sees the shred or forgetCustomer runs after. */
  private async keepErased(customerId: string, visitId: string): Promise<void> {
    if (!(await this.codec.isShredded(customerId))) return;
    await this.views.updateOne({ _id: visitId }, { $set: { purpose: ERASED_TEXT } });
    await this.views.updateOne(
      { _id: visitId, outcome: { $exists: true } },
      { $set: { outcome: ERASED_TEXT } },
    );
  }

  async page(
    filter: VisitFilter,
    cursor: string | undefined,
    limit: number,
    /** The caller's scope as a filter (`sliceFilter`), ANDed with the rest. */
    access: Record<string, unknown> = {},
  ): Promise<VisitViewDocument[]> {
    const query = Object.fromEntries(
      Object.entries(filter).filter(([, value]) => value !== undefined),
    );
    return this.views
      .find({
        ...query,
        ...(Object.keys(access).length > 0 ? { $and: [access] } : {}),
        ...(cursor ? { _id: { $gt: cursor } } : {}),
      })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  async ofMonth(month: string, customerIds: readonly string[]): Promise<VisitViewDocument[]> {
    return this.views.find({ month, customerId: { $in: [...customerIds] } }).toArray();
  }
}
