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
import { ComplaintRepository } from '../application/complaint.repository';
import { SlaTimers } from '../application/sla/sla-timers';
import { ComplaintListProjection } from '../infrastructure/complaint-list.projection';

/**
 * The single writer of the complaint list, and the catch-up path of the SLA timers: if a process
 * died between an append and scheduling its timers, the event arriving here schedules them.
 */
@Injectable()
export class ComplaintListConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: KafkaEventConsumer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_CONFIG) config: BaseConfig,
    projection: ComplaintListProjection,
    complaints: ComplaintRepository,
    timers: SlaTimers,
  ) {
    this.consumer = createEventConsumer(kafka, config, {
      name: 'complaint-list',
      topics: [Topics.complaints],
      handle: async (event) => {
        if (!(await projection.apply(event))) return;
        const { events, version } = await complaints.load(event.subject);
        // Only the newest event of the stream re-syncs timers: older ones would repeat the work.
        if (version === event.sequence) await timers.sync(event.subject, events);
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
