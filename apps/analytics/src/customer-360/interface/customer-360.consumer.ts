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
import { Customer360Projection } from '../infrastructure/customer-360.projection';

@Injectable()
export class Customer360Consumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: KafkaEventConsumer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_CONFIG) config: BaseConfig,
    projection: Customer360Projection,
  ) {
    this.consumer = createEventConsumer(kafka, config, {
      name: 'customer-360',
      topics: [Topics.customers],
      handle: async (event) => {
        await projection.apply(event);
      },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
