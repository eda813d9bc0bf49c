import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  complaintAssigned,
  complaintClosed,
  complaintRecorded,
  complaintReopened,
  complaintSlaBreached,
  parseEventType,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { alreadyApplied, applyTo, type Projection } from '@crm/projections';

export const COMPLAINTS = 'complaints';

/** One complaint as the D7 KPIs need it. */
export interface ComplaintDocument {
  _id: string;
  customerId?: string;
  severity?: string;
  category?: string;
  department?: string;
  /** The last workflow step taken (event name). */
  status?: string;
  open?: boolean;
  recordedAt?: string;
  resolvedAt?: string;
  closedAt?: string;
  /** true once validated, false when rejected (not well-founded), absent before. */
  wellFounded?: boolean;
  breached?: boolean;
  satisfaction?: number;
  applied?: Record<string, number>;
}

@Injectable()
export class ComplaintsProjection implements Projection<ComplaintDocument> {
  readonly name = COMPLAINTS;
  readonly topics = [Topics.complaints];

  async apply(event: CloudEvent, target: Collection<ComplaintDocument>): Promise<boolean> {
    const name = parseEventType(event.type)?.name ?? '';
    const complaintId = event.subject;
    const at = typeof event.data['at'] === 'string' ? event.data['at'] : event.time;
    const step = { status: name };
    switch (name) {
      case complaintRecorded.name: {
        const data = complaintRecorded.schema.parse(event.data);
        return applyTo(target, complaintId, event, {
          $set: {
            ...step,
            customerId: data.customerId,
            severity: data.severity,
            category: data.category,
            recordedAt: data.at,
            open: true,
            breached: false,
          },
        });
      }
      case 'ComplaintValidated':
        return applyTo(target, complaintId, event, { $set: { ...step, wellFounded: true } });
      case 'ComplaintRejected':
        return applyTo(target, complaintId, event, { $set: { ...step, wellFounded: false } });
      case complaintAssigned.name: {
        const data = complaintAssigned.schema.parse(event.data);
        return applyTo(target, complaintId, event, {
          $set: { ...step, department: data.department },
        });
      }
      case 'ResolutionImplemented': {
        // Resolution time runs to the first implementation (the headline metric of D7).
        const document = await target.findOne(
          { _id: complaintId },
          { projection: { resolvedAt: 1, applied: 1 } },
        );
        if (alreadyApplied(document, event)) return false;
        return applyTo(target, complaintId, event, {
          $set: { ...step, resolvedAt: document?.resolvedAt ?? at },
        });
      }
      case complaintClosed.name: {
        const data = complaintClosed.schema.parse(event.data);
        return applyTo(target, complaintId, event, {
          $set: { ...step, open: false, closedAt: data.at, satisfaction: data.satisfaction },
        });
      }
      case complaintReopened.name:
        return applyTo(target, complaintId, event, {
          $set: { ...step, open: true },
          $unset: { closedAt: '' },
        });
      case complaintSlaBreached.name:
        return applyTo(target, complaintId, event, { $set: { breached: true } });
      default:
        return applyTo(
          target,
          complaintId,
          event,
          name.startsWith('Complaint') && name !== 'ComplaintEscalated' ? { $set: step } : {},
        );
    }
  }

  async ensureIndexes(target: Collection<ComplaintDocument>): Promise<void> {
    // Serves the open complaints of a customer in the 360 view.
    await target.createIndex({ customerId: 1, open: 1 });
  }
}
