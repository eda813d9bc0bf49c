import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { visitPersonalFields } from '@crm/contracts';
import { CryptoShreddingCodec } from '@crm/event-store';

/** The visits service's per-customer data keys (ADR 110). */
export const VISIT_DATA_KEYS = 'visit_data_keys';

/**
 * Seals the free text of visit and opportunity events (purpose, outcome, reasons, titles) with a
 * key of the visited customer; customerErasureConsumer deletes that key on CustomerErased.
 */
@Injectable()
export class VisitDataCodec extends CryptoShreddingCodec {
  constructor(@InjectConnection() connection: Connection) {
    super(connection.db!, {
      context: 'visits',
      collection: VISIT_DATA_KEYS,
      fields: visitPersonalFields,
    });
  }
}
