import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
  type Type,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { Gauge, register } from 'prom-client';
import { customerErased, parseCloudEvent, parseEventType, type CloudEvent } from '@crm/contracts';
import { KafkaEventConsumer, type ConsumerLag, type EventHandler } from '@crm/messaging';
import { topicIn, type BaseConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.tokens';
import { KAFKA } from '../infrastructure.tokens';
import { DataKeyRing } from '../personal-data/data-key-ring';
import { StreamGapLedger, type GapSummary } from './stream-gaps';
import { CLOCK, type Clock } from '../time/clock';
import { isInfrastructureUnavailable } from '../infrastructure-errors';

/**
 * Infrastructure that is down is waited out (also another service's key API: the record waits for
 * it rather than losing its values); only a failing handler sends a record to the DLQ.
 */
export const isTransientFailure = (error: unknown): boolean =>
  isInfrastructureUnavailable(error) ||
  (error instanceof Error && error.name === 'DataKeyUnavailable');

export interface ConsumerDefinition {
  /** Names the consumer group: `<prefix>.<service>.<name>`. */
  readonly name: string;
  readonly topics: readonly string[];
  readonly handle: EventHandler;
  /** The event types it reads (by `ce_type`); others are passed over unparsed. Default: all. */
  readonly accepts?: (type: string) => boolean;
}

/** The consumer factories of the services in this process (one per service; tests run several). */
const factories = new Set<EventConsumers>();

if (!register.getSingleMetric('crm_consumer_dead_lettered_events')) {
  new Gauge({
    name: 'crm_consumer_dead_lettered_events',
    help: 'Events a consumer group dead-lettered and its read models miss until rebuilt (computed when scraped)',
    labelNames: ['group'],
    async collect() {
      this.reset();
      for (const factory of factories) {
        for (const [group, status] of Object.entries(await factory.deadLettered())) {
          this.labels(group).set(status.events);
        }
      }
    },
  });
}

/** How one consumer group of the service is doing, for `/health/ready` details. */
export interface ConsumerStatus {
  readonly lag: ConsumerLag | { readonly error: string };
  /** Events it dead-lettered and its read models miss until rebuilt (ADR 75). */
  readonly deadLettered: GapSummary;
}

/**
 * Every Kafka consumer of the service is made here, on the one consumer implementation
 * (KafkaEventConsumer): same retries, DLQ, gap ledger and lag. Started with the app, stopped
 * (committing what was applied) before shutdown.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers: KafkaEventConsumer[] = [];
  readonly gaps: StreamGapLedger;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    @InjectConnection() connection: Connection,
    private readonly keys: DataKeyRing,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.gaps = new StreamGapLedger(connection.db!, clock);
    factories.add(this);
  }

  /** The group a consumer (or a projection) of this service is named by. */
  groupOf(name: string): string {
    return `${this.config.CONSUMER_GROUP_PREFIX}.${this.config.SERVICE_NAME}.${name}`;
  }

  create(definition: ConsumerDefinition): KafkaEventConsumer {
    const config = this.config;
    const logger = new Logger(`Consumer:${definition.name}`);
    const groupId = this.groupOf(definition.name);
    const consumer = new KafkaEventConsumer(this.kafka, {
      groupId,
      topics: definition.topics.map((topic) => topicIn(config, topic)),
      parse: parseCloudEvent,
      handle: async (event, meta) => definition.handle(await this.open(event), meta),
      ...(definition.accepts ? { accepts: definition.accepts } : {}),
      newGroupStartsAt: config.CONSUMER_NEW_GROUP_START,
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      retryBackoffMs: config.CONSUMER_RETRY_BACKOFF_MS,
      sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
      isTransient: isTransientFailure,
      gaps: this.gaps.of(groupId),
      topicLayout: {
        partitions: config.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      logger: {
        warn: (context, message) => logger.warn({ ...context, msg: message }),
        error: (context, message) => logger.error({ ...context, msg: message }),
      },
    });
    this.consumers.push(consumer);
    return consumer;
  }

  /**
   * The event as this service's handlers see it: sealed personal values opened where the service
   * has (or may fetch) the key, placeholders where not (ADR 90). An erasure drops fetched keys.
   */
  async open(event: CloudEvent): Promise<CloudEvent> {
    const type = parseEventType(event.type);
    if (type?.context === 'customers' && type.name === customerErased.name) {
      this.keys.forget(customerErased.schema.parse(event.data).customerId);
    }
    return this.keys.open(event);
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    factories.delete(this);
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  /** Per group, what it dead-lettered (the marks of its read models). */
  async deadLettered(): Promise<Record<string, GapSummary>> {
    const groups = this.consumers.map((consumer) => consumer.groupId);
    const summaries = await Promise.all(groups.map((group) => this.gaps.summary(group)));
    return Object.fromEntries(groups.map((group, index) => [group, summaries[index]!]));
  }

  /** Lag and dead letters of every group, asked when called (a detail, never a failure). */
  async status(): Promise<Record<string, ConsumerStatus>> {
    const entries = await Promise.all(
      this.consumers.map(async (consumer): Promise<[string, ConsumerStatus]> => {
        const [lag, deadLettered] = await Promise.all([
          consumer.lag().catch((error: unknown) => ({
            error: error instanceof Error ? error.message : String(error),
          })),
          this.gaps.summary(consumer.groupId),
        ]);
        return [consumer.groupId, { lag, deadLettered }];
      }),
    );
    return Object.fromEntries(entries);
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
  /** The event types it reads (by `ce_type`); the others are passed over unparsed and unopened. */
  readonly accepts?: (type: string) => boolean;
}): Provider {
  return {
    provide: `event-consumer:${definition.name}`,
    useFactory: (consumers: EventConsumers, handler: THandler) =>
      consumers.create({
        name: definition.name,
        topics: definition.topics,
        handle: async (event) => {
          await definition.handle(handler, event);
        },
        ...(definition.accepts ? { accepts: definition.accepts } : {}),
      }),
    inject: [EventConsumers, definition.handler],
  };
}
