import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  customerErased,
  customerRegistered,
  ERASED_TEXT,
  parseEventType,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';

export const CUSTOMER_360 = 'customer_360';

/** One document per customer joining everything analytics knows about it. */
export interface Customer360Document {
  _id: string;
  profile?: {
    name: string;
    nature: string;
    region: string;
    ownerId: string;
    registeredAt: Date;
  };
  /** Every event about the customer that was applied: its activity count. */
  eventCount: number;
  updatedAt: Date;
  /** When the view last changed: its freshness, and the end point of the end-to-end latency. */
  projectedAt: Date;
  applied: Record<string, number>;
}

/** Builds the 360° view from the events of every service; each event applies exactly once. */
@Injectable()
export class Customer360Projection {
  private readonly views;

  constructor(@InjectConnection() connection: Connection) {
    this.views = connection.collection<Customer360Document>(CUSTOMER_360);
  }

  async apply(event: CloudEvent): Promise<boolean> {
    const name = parseEventType(event.type)?.name;
    const position = { stream: event.subject, sequence: event.sequence };
    switch (name) {
      case customerRegistered.name: {
        const data = customerRegistered.schema.parse(event.data);
        return applyOnce(this.views, data.customerId, position, {
          $set: {
            profile: {
              name: data.name,
              nature: data.nature,
              region: data.region,
              ownerId: data.ownerId,
              registeredAt: new Date(data.registeredAt),
            },
            updatedAt: new Date(event.time),
            projectedAt: new Date(),
          },
          $inc: { eventCount: 1 },
        });
      }
      case customerErased.name: {
        // Personal data goes (the name is the only personal field kept here); figures stay.
        // Idempotent by itself, so it needs no place in the applied sequence (events between
        // registration and erasure may not be applied by this view).
        const data = customerErased.schema.parse(event.data);
        const result = await this.views.updateOne(
          { _id: data.customerId },
          {
            $set: {
              'profile.name': ERASED_TEXT,
              erasedAt: new Date(data.erasedAt),
              projectedAt: new Date(),
            },
          },
        );
        return result.modifiedCount > 0;
      }
      default:
        return false;
    }
  }

  find(customerId: string): Promise<Customer360Document | null> {
    return this.views.findOne({ _id: customerId });
  }
}
