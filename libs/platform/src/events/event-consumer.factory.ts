import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
  type Type,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { parseCloudEvent, type CloudEvent } from '@crm/contracts';
import { KafkaEventConsumer, type EventHandler } from '@crm/messaging';
import { topicIn, type BaseConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.tokens';
import { KAFKA } from '../infrastructure.tokens';

const TRANSIENT_ERRORS = new Set([
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoNetworkTimeoutError',
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
]);

/** Infrastructure that is down is waited out; only a failing handler sends a record to the DLQ. */
export const isTransientFailure = (error: unknown): boolean =>
  error instanceof Error && TRANSIENT_ERRORS.has(error.name);

export interface ConsumerDefinition {
  /** Names the consumer group: `<prefix>.<service>.<name>`. */
  readonly name: string;
  readonly topics: readonly string[];
  readonly handle: EventHandler;
  /** The event types it reads (by `ce_type`); others are passed over unparsed. Default: all. */
  readonly accepts?: (type: string) => boolean;
}

export function createEventConsumer(
  kafka: Kafka,
  config: BaseConfig,
  definition: ConsumerDefinition,
): KafkaEventConsumer {
  const logger = new Logger(`Consumer:${definition.name}`);
  return new KafkaEventConsumer(kafka, {
    groupId: `${config.CONSUMER_GROUP_PREFIX}.${config.SERVICE_NAME}.${definition.name}`,
    topics: definition.topics.map((topic) => topicIn(config, topic)),
    parse: parseCloudEvent,
    handle: definition.handle,
    ...(definition.accepts ? { accepts: definition.accepts } : {}),
    newGroupStartsAt: config.CONSUMER_NEW_GROUP_START,
    maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
    retryBackoffMs: config.CONSUMER_RETRY_BACKOFF_MS,
    sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
    isTransient: isTransientFailure,
    topicLayout: {
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    },
    logger: {
      warn: (context, message) => logger.warn({ ...context, msg: message }),
      error: (context, message) => logger.error({ ...context, msg: message }),
    },
  });
}

/** Starts a consumer with the app and stops it (committing what it applied) before shutdown. */
export class EventConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly consumer: KafkaEventConsumer) {}

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}

/**
 * A Nest provider for one consumer: `handler` is the injectable that applies the events
 * (a projection, say), `handle` calls it.
 */
export function eventConsumerProvider<THandler>(definition: {
  readonly name: string;
  readonly topics: readonly string[];
  readonly handler: Type<THandler>;
  readonly handle: (handler: THandler, event: CloudEvent) => Promise<unknown>;
}): Provider {
  return {
    provide: `event-consumer:${definition.name}`,
    useFactory: (kafka: Kafka, config: BaseConfig, handler: THandler) =>
      new EventConsumerHost(
        createEventConsumer(kafka, config, {
          name: definition.name,
          topics: definition.topics,
          handle: async (event) => {
            await definition.handle(handler, event);
          },
        }),
      ),
    inject: [KAFKA, APP_CONFIG, definition.handler],
  };
}
