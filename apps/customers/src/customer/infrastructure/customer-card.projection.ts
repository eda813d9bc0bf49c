import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { customerRegistered, parseEventType, type CloudEvent } from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { CUSTOMER_CARDS, type CustomerCardDocument } from './customer-card.schema';

/**
 * The searchable copy of every card, for lists (GET /customers). Written only by the topic
 * consumer: one writer per customer (its partition), which applyOnce needs on FerretDB (ADR 4).
 */
@Injectable()
export class CustomerCardProjection {
  private readonly cards;

  constructor(@InjectConnection() connection: Connection) {
    this.cards = connection.collection<CustomerCardDocument>(CUSTOMER_CARDS);
  }

  async apply(event: CloudEvent): Promise<void> {
    const name = parseEventType(event.type)?.name;
    const position = { stream: event.subject, sequence: event.sequence };
    switch (name) {
      case customerRegistered.name: {
        const data = customerRegistered.schema.parse(event.data);
        await applyOnce(this.cards, data.customerId, position, {
          $set: {
            name: data.name,
            nature: data.nature,
            region: data.region,
            ownerId: data.ownerId,
            registeredAt: new Date(data.registeredAt),
            updatedAt: new Date(event.time),
          },
        });
        return;
      }
      default:
        return;
    }
  }

  /** One page of cards in id order (ids are UUIDv7: registration order), after `cursor`. */
  async page(
    filter: { ownerId?: string; region?: string },
    cursor: string | undefined,
    limit: number,
  ): Promise<CustomerCardDocument[]> {
    return this.cards
      .find({ ...filter, ...(cursor ? { _id: { $gt: cursor } } : {}) })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }
}
