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
import { CustomerCardProjection } from '../infrastructure/customer-card.projection';

/** Catch-up path of the card: applies the service's own topic (duplicates are no-ops). */
@Injectable()
export class CustomerCardConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: KafkaEventConsumer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_CONFIG) config: BaseConfig,
    projection: CustomerCardProjection,
  ) {
    this.consumer = createEventConsumer(kafka, config, {
      name: 'customer-card',
      topics: [Topics.customers],
      handle: (event) => projection.apply(event),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
