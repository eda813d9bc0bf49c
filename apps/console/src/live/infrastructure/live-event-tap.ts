import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { parseCloudEvent, Topics, type CloudEvent } from '@crm/contracts';
import { createKafka, KafkaEventConsumer } from '@crm/messaging';
import type { ConsoleConfig } from '@apps/console/src/console.config';
import type { LiveHub } from '@apps/console/src/live/application/live-hub';
import {
  CUSTOMER_REF_EVENTS,
  eventKeyOf,
  NOTICE_EVENTS,
  noticeOf,
} from '@apps/console/src/live/domain/live-notice';
import type { CustomerRefs } from './customer-refs';

const TAPPED_TOPICS = [Topics.customers, Topics.complaints, Topics.analytics, Topics.engagement];

/** The consumer group of this console instance: each instance sees every event. */
export const liveGroupOf = (config: ConsoleConfig): string =>
  `${config.CONSUMER_GROUP_PREFIX}.console.live.${config.LIVE_INSTANCE_ID}`;

/**
 * Listens to the topics for the live updates, in a consumer group of this instance's own that
 * starts where the topics end when it is new (what happened before nobody was listening is read
 * on the pages). It only hands notices on and forgets customer refs: it never fails a record, so
 * it never holds a partition up.
 */
export class LiveEventTap implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveUpdates');
  private readonly consumer: KafkaEventConsumer;

  constructor(
    config: ConsoleConfig,
    private readonly hub: LiveHub,
    private readonly refs: CustomerRefs,
  ) {
    const logger = this.logger;
    // Warnings and errors of the Kafka client and of the consumer go to one log.
    const warnings = {
      warn: (context: Record<string, unknown>, message: string) =>
        logger.warn({ ...context, msg: message }),
      error: (context: Record<string, unknown>, message: string) =>
        logger.error({ ...context, msg: message }),
    };
    const kafka = createKafka(
      { brokers: config.KAFKA_BROKERS, clientId: `${config.SERVICE_NAME}-live` },
      { debug: () => undefined, info: () => undefined, ...warnings },
    );
    this.consumer = new KafkaEventConsumer(kafka, {
      groupId: liveGroupOf(config),
      topics: TAPPED_TOPICS.map((topic) => `${config.KAFKA_TOPIC_PREFIX}${topic}`),
      parse: parseCloudEvent,
      accepts: (type) => {
        const key = eventKeyOf(type);
        return key !== undefined && (NOTICE_EVENTS.has(key) || CUSTOMER_REF_EVENTS.has(key));
      },
      handle: (event) => {
        this.take(event);
        return Promise.resolve();
      },
      newGroupStartsAt: 'latest',
      maxAttempts: 1,
      retryBackoffMs: 100,
      isTransient: () => false,
      topicLayout: {
        partitions: config.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      logger: warnings,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  private take(event: CloudEvent): void {
    const key = eventKeyOf(event.type);
    if (key !== undefined && CUSTOMER_REF_EVENTS.has(key)) {
      const customerId = event.customerid ?? event.subject;
      this.refs.forget(customerId);
    }
    const notice = noticeOf(event);
    if (notice) void this.hub.publish(notice);
  }
}
