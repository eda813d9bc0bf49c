import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { engagementPersonalFields } from '@crm/contracts';
import { CryptoShreddingCodec } from '@crm/event-store';
import { CLOCK, type Clock } from '@crm/platform';

/** Engagement's per-customer data keys (ADR 110). */
export const ENGAGEMENT_DATA_KEYS = 'engagement_data_keys';

/**
 * Seals a greeting's reason (it names the occasion's date), a follow-up's note and cancellation
 * reasons with a key of the customer; customerErasureConsumer deletes that key on CustomerErased.
 */
@Injectable()
export class EngagementDataCodec extends CryptoShreddingCodec {
  constructor(@InjectConnection() connection: Connection, @Inject(CLOCK) clock: Clock) {
    super(connection.db!, {
      context: 'engagement',
      collection: ENGAGEMENT_DATA_KEYS,
      fields: engagementPersonalFields,
      now: () => clock.now(),
    });
  }
}
