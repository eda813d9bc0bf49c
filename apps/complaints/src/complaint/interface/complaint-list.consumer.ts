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
        // A stream this store does not hold belongs to another deployment sharing the topic.
        const version = await complaints.currentVersion(event.subject);
        if (version === 0) return;
        const state = await projection.apply(event);
        // The newest event makes sure its running deadlines have timers. Cancelling is the command
        // path's job: a stale timer left by a crash only finds its deadline met (the re-check).
        if (!state || version !== event.sequence) return;
        // Read again: a step appended meanwhile has moved the timers itself.
        if ((await complaints.currentVersion(event.subject)) === event.sequence) {
          await timers.ensureScheduled(event.subject, state);
        }
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
