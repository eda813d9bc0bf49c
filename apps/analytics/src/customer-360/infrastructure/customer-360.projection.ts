import { Inject, Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  customerErased,
  customerRegistered,
  ERASED_TEXT,
  parseEventType,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { CLOCK, type Clock, documentsById } from '@crm/platform';
import { type Projection, ProjectionSlots } from '@crm/projections';

export const CUSTOMER_360 = 'customer-360';

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
  /** Set when the customer was erased (personal-information law): the name is gone, figures stay. */
  erasedAt?: Date;
  applied: Record<string, number>;
}

/** Builds the 360° view from the events of every service; each event applies exactly once. */
@Injectable()
export class Customer360Projection implements Projection<Customer360Document> {
  readonly name = CUSTOMER_360;
  readonly topics = [Topics.customers];

  constructor(
    private readonly slots: ProjectionSlots,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(event: CloudEvent, views: Collection<Customer360Document>): Promise<boolean> {
    const name = parseEventType(event.type)?.name;
    const position = { stream: event.subject, sequence: event.sequence };
    switch (name) {
      case customerRegistered.name: {
        const data = customerRegistered.schema.parse(event.data);
        return applyOnce(views, data.customerId, position, {
          $set: {
            profile: {
              name: data.name,
              nature: data.nature,
              region: data.region,
              ownerId: data.ownerId,
              registeredAt: new Date(data.registeredAt),
            },
            updatedAt: new Date(event.time),
            projectedAt: this.clock.now(),
          },
          $inc: { eventCount: 1 },
        });
      }
      case customerErased.name: {
        // Personal data goes (the name is the only personal field kept here); figures stay.
        // Idempotent by itself, so it needs no place in the applied sequence (events between
        // registration and erasure may not be applied by this view).
        const data = customerErased.schema.parse(event.data);
        const result = await views.updateOne(
          { _id: data.customerId },
          {
            $set: {
              'profile.name': ERASED_TEXT,
              erasedAt: new Date(data.erasedAt),
              projectedAt: this.clock.now(),
            },
          },
        );
        return result.modifiedCount > 0;
      }
      default:
        return false;
    }
  }

  async find(customerId: string): Promise<Customer360Document | null> {
    return (await this.slots.collection<Customer360Document>(CUSTOMER_360)).findOne({
      _id: customerId,
    });
  }
}

/** A customer's name and owner as a list shows them (null until the view has its registration). */
export interface CustomerLabel {
  readonly name: string | null;
  readonly ownerId: string | null;
}

/**
 * The names and owners of a page of customers, from the 360 view: the page's customers read by
 * id (never the whole view, ADR 145), joined by the lists of other read models at read time (each
 * read model keeps its one writer, ADR 0040).
 */
export async function labelsOf(
  slots: ProjectionSlots,
  customerIds: readonly string[],
): Promise<(customerId: string) => CustomerLabel> {
  const byId = await documentsById(
    await slots.collection<Customer360Document>(CUSTOMER_360),
    customerIds,
    { projection: { 'profile.name': 1, 'profile.ownerId': 1 } },
  );
  return (customerId) => ({
    name: byId.get(customerId)?.profile?.name ?? null,
    ownerId: byId.get(customerId)?.profile?.ownerId ?? null,
  });
}
