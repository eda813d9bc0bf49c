import type { Provider, Type } from '@nestjs/common';
import { customerErased, parseEventType, Topics } from '@crm/contracts';
import { eventConsumerProvider } from './event-consumer.factory';

/** What deletes a service's data key of a customer (a CryptoShreddingCodec). */
export interface CustomerKeyShredder {
  shred(customerId: string): Promise<void>;
}

const isErasure = (type: string): boolean => parseEventType(type)?.name === customerErased.name;

/**
 * Every service that seals personal data with keys of its own deletes the customer's key when the
 * customers service publishes CustomerErased (ADR 110): from then on its stored events, its topic
 * and a replay of either read the customer's personal fields as redacted.
 */
export function customerErasureConsumer(shredder: Type<CustomerKeyShredder>): Provider {
  return eventConsumerProvider({
    name: 'customer-erasure',
    topics: [Topics.customers],
    handler: shredder,
    // Only erasures: every other customer event would cost a key fetch just to be passed over.
    accepts: isErasure,
    handle: async (codec, event) => {
      if (!isErasure(event.type)) return;
      await codec.shred(customerErased.schema.parse(event.data).customerId);
    },
  });
}
