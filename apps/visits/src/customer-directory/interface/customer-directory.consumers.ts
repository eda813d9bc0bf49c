import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Topics } from '@crm/contracts';
import type { KafkaEventConsumer } from '@crm/messaging';
import { APP_CONFIG, createEventConsumer, KAFKA, type BaseConfig } from '@crm/platform';
import { CustomerDirectoryProjection } from '@apps/visits/src/customer-directory/infrastructure/customer-directory.projection';

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
        handle: (event) => projection.applyCustomerEvent(event),
      }),
      createEventConsumer(kafka, config, {
        name: 'customer-tiers',
        topics: [Topics.analytics],
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
