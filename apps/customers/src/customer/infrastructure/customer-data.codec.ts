import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { customerPersonalFields } from '@crm/contracts';
import { CryptoShreddingCodec } from '@crm/event-store';

/** The collection of the customers' data keys (one per customer; ADR 11). */
export const CUSTOMER_DATA_KEYS = 'customer_data_keys';

/**
 * Crypto-shredding of the customers' events: the personal fields listed next to the contracts
 * (customerPersonalFields) are sealed with the customer's own data key when appended; erasing a
 * customer deletes its key.
 */
@Injectable()
export class CustomerDataCodec extends CryptoShreddingCodec {
  constructor(@InjectConnection() connection: Connection) {
    super(connection.db!, {
      context: 'customers',
      collection: CUSTOMER_DATA_KEYS,
      fields: customerPersonalFields,
    });
  }
}
