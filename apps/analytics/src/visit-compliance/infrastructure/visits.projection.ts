import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  parseEventType,
  Topics,
  visitCancelled,
  visitCompleted,
  visitMissed,
  visitPlanned,
  visitRescheduled,
  type CloudEvent,
} from '@crm/contracts';
import { applyTo, type Projection } from '@crm/projections';

export const VISITS = 'visits';

/** One visit (D4): whose, by whom, in which month, and how it ended. */
export interface VisitDocument {
  _id: string;
  customerId?: string;
  repId?: string;
  plannedDate?: string;
  /** How the visit is made (D4: a phone call replaces only a C visit). */
  channel?: string;
  /** YYYY-MM of the planned date: the month the visit counts for. */
  month?: string;
  status?: 'planned' | 'completed' | 'cancelled' | 'missed';
  applied?: Record<string, number>;
}

@Injectable()
export class VisitsProjection implements Projection<VisitDocument> {
  readonly name = VISITS;
  readonly topics = [Topics.visits];

  async apply(event: CloudEvent, target: Collection<VisitDocument>): Promise<boolean> {
    const name = parseEventType(event.type)?.name ?? '';
    if (!name.startsWith('Visit')) return false;
    const at = (plannedDate: string, status: VisitDocument['status']) => ({
      $set: { plannedDate, month: plannedDate.slice(0, 7), status },
    });
    switch (name) {
      case visitPlanned.name: {
        const data = visitPlanned.schema.parse(event.data);
        return applyTo(target, data.visitId, event, {
          $set: {
            customerId: data.customerId,
            repId: data.repId,
            channel: data.channel,
            ...at(data.plannedDate, 'planned').$set,
          },
        });
      }
      case visitRescheduled.name: {
        const data = visitRescheduled.schema.parse(event.data);
        return applyTo(target, data.visitId, event, at(data.plannedDate, 'planned'));
      }
      case visitCompleted.name: {
        const data = visitCompleted.schema.parse(event.data);
        return applyTo(target, data.visitId, event, {
          $set: {
            customerId: data.customerId,
            repId: data.repId,
            ...at(data.plannedDate, 'completed').$set,
          },
        });
      }
      case visitCancelled.name: {
        const data = visitCancelled.schema.parse(event.data);
        return applyTo(target, data.visitId, event, at(data.plannedDate, 'cancelled'));
      }
      case visitMissed.name: {
        const data = visitMissed.schema.parse(event.data);
        return applyTo(target, data.visitId, event, at(data.plannedDate, 'missed'));
      }
      default:
        return applyTo(target, event.subject, event);
    }
  }

  async ensureIndexes(target: Collection<VisitDocument>): Promise<void> {
    // Serves GET /analytics/visit-compliance?month and the next planned visit of the 360 view.
    await target.createIndex({ month: 1, status: 1 });
    await target.createIndex({ customerId: 1, status: 1, plannedDate: 1 });
  }
}
