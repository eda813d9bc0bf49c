import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { customerRegistered, parseEventType, type CloudEvent } from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { CUSTOMER_CARDS, type CustomerCardDocument } from './customer-card.schema';

/**
 * Keeps the profile card in step with the customer's stream. Applied inline right after an append
 * (read-your-writes) and again from the topic (catch-up after a crash); applyOnce makes the second
 * a no-op.
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

  async find(customerId: string): Promise<CustomerCardDocument | null> {
    return this.cards.findOne({ _id: customerId });
  }
}
