import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  complaintPersonalFields,
  customerErased,
  parseEventType,
  type CloudEvent,
} from '@crm/contracts';
import { CryptoShreddingCodec } from '@crm/event-store';

/** The complaints' per-customer data keys (customers ADR 11: crypto-shredding). */
export const COMPLAINT_DATA_KEYS = 'complaint_data_keys';

/**
 * Seals the customer's words and contact data of complaint events with a key of the customer the
 * complaint is about, and deletes that key when the customers service publishes CustomerErased:
 * the complaints stay (status, deadlines, staff notes), the customer's personal data does not.
 */
@Injectable()
export class ComplaintDataCodec extends CryptoShreddingCodec {
  constructor(@InjectConnection() connection: Connection) {
    super(connection.db!, { collection: COMPLAINT_DATA_KEYS, fields: complaintPersonalFields });
  }

  /** The consumer of the customers topic: only CustomerErased matters here. */
  async onCustomerEvent(event: CloudEvent): Promise<void> {
    if (parseEventType(event.type)?.name !== customerErased.name) return;
    const { customerId } = customerErased.schema.parse(event.data);
    await this.shred(customerId);
  }
}
