import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { parseCloudEvent } from '@crm/contracts';
import { KafkaEventConsumer, type EventHandler } from '@crm/messaging';
import type { BaseConfig } from '../config/config.schema';

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
    topics: definition.topics,
    parse: parseCloudEvent,
    handle: definition.handle,
    ...(definition.accepts ? { accepts: definition.accepts } : {}),
    newGroupStartsAt: config.CONSUMER_NEW_GROUP_START,
    maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
    retryBackoffMs: config.CONSUMER_RETRY_BACKOFF_MS,
    isTransient: isTransientFailure,
    logger: {
      warn: (context, message) => logger.warn({ ...context, msg: message }),
      error: (context, message) => logger.error({ ...context, msg: message }),
    },
  });
}
