import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  customerLifecycleChanged,
  customerTierChanged,
  parseEventType,
  satisfactionAlertRaised,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { applyTo, type Projection } from '@crm/projections';

export const CUSTOMER_STATUS = 'customer-status';

export interface HistoryEntry<T extends string> {
  readonly value: T;
  /** When it became effective (the event's business time). */
  readonly from: string;
  readonly eventId: string;
}

/** The computed facts analytics published about each customer, with their full history (from the events). */
export interface CustomerStatusDocument {
  _id: string;
  tier?: 'A' | 'B' | 'C';
  tierHistory?: HistoryEntry<'A' | 'B' | 'C'>[];
  lifecycle?: string;
  lifecycleHistory?: HistoryEntry<string>[];
  alerts?: number;
  lastAlert?: { reason: string; csi: number; at: string };
  applied?: Record<string, number>;
}

@Injectable()
export class CustomerStatusProjection implements Projection<CustomerStatusDocument> {
  readonly name = CUSTOMER_STATUS;
  readonly topics = [Topics.analytics];

  async apply(event: CloudEvent, target: Collection<CustomerStatusDocument>): Promise<boolean> {
    const customerId = event.customerid;
    if (!customerId) return false; // company-wide events (recomputation summaries)
    switch (parseEventType(event.type)?.name) {
      case customerTierChanged.name: {
        const data = customerTierChanged.schema.parse(event.data);
        return applyTo(target, customerId, event, {
          $set: { tier: data.tier },
          $push: { tierHistory: { value: data.tier, from: data.effectiveAt, eventId: event.id } },
        });
      }
      case customerLifecycleChanged.name: {
        const data = customerLifecycleChanged.schema.parse(event.data);
        return applyTo(target, customerId, event, {
          $set: { lifecycle: data.stage },
          $push: {
            lifecycleHistory: { value: data.stage, from: data.effectiveAt, eventId: event.id },
          },
        });
      }
      case satisfactionAlertRaised.name: {
        const data = satisfactionAlertRaised.schema.parse(event.data);
        return applyTo(target, customerId, event, {
          $inc: { alerts: 1 },
          $set: { lastAlert: { reason: data.reason, csi: data.csi, at: data.scoredAt } },
        });
      }
      default:
        return applyTo(target, customerId, event);
    }
  }

  async ensureIndexes(target: Collection<CustomerStatusDocument>): Promise<void> {
    // Serves GET /analytics/tiers and GET /analytics/lifecycle (members by tier / stage).
    await target.createIndex({ tier: 1, _id: 1 });
    await target.createIndex({ lifecycle: 1, _id: 1 });
  }
}

/** The value a history had on `date` (the last entry effective at or before it). */
export function valueOn<T extends string>(
  history: readonly HistoryEntry<T>[],
  date: Date,
): HistoryEntry<T> | null {
  let found: HistoryEntry<T> | null = null;
  for (const entry of [...history].sort((a, b) => a.from.localeCompare(b.from))) {
    if (new Date(entry.from).getTime() <= date.getTime()) found = entry;
  }
  return found;
}
