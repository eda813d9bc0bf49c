import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import {
  customerErased,
  customerMerged,
  customerRegistered,
  customerTierChanged,
  parseEventType,
  Topics,
} from '@crm/contracts';
import type { KafkaEventConsumer } from '@crm/messaging';
import { APP_CONFIG, createEventConsumer, KAFKA, type BaseConfig } from '@crm/platform';
import { CustomerDirectoryProjection } from '@apps/visits/src/customer-directory/infrastructure/customer-directory.projection';

/** The customers' events the directory follows: where a customer is, who owns it, and its end. */
const CUSTOMER_EVENTS_READ = [
  customerRegistered.name,
  'CustomerProfileUpdated',
  'CustomerOwnerAssigned',
  customerErased.name,
  customerMerged.name,
];

const readsType =
  (context: string, names: readonly string[]) =>
  (type: string): boolean => {
    const parsed = parseEventType(type);
    return parsed?.context === context && names.includes(parsed.name);
  };

/**
 * One consumer group per topic, so each read-model collection has a single writer per customer:
 * the member holding that customer's partition of that topic.
 */
@Injectable()
export class CustomerDirectoryConsumers
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly consumers: KafkaEventConsumer[];

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_CONFIG) config: BaseConfig,
    projection: CustomerDirectoryProjection,
  ) {
    this.consumers = [
      createEventConsumer(kafka, config, {
        name: 'customer-directory',
        topics: [Topics.customers],
        accepts: readsType('customers', CUSTOMER_EVENTS_READ),
        handle: (event) => projection.applyCustomerEvent(event),
      }),
      createEventConsumer(kafka, config, {
        name: 'customer-tiers',
        topics: [Topics.analytics],
        accepts: readsType('analytics', [customerTierChanged.name]),
        handle: (event) => projection.applyAnalyticsEvent(event),
      }),
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }
}
