import {
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry, Topics, type BoundedContext } from '@crm/contracts';
import { MongoEventStore, OutboxRelay, type EventPublisher } from '@crm/event-store';
import { ensureTopics } from '@crm/messaging';
import { topicIn, type BaseConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.tokens';
import { EVENT_PUBLISHER, EVENT_STORE, KAFKA, OUTBOX_RELAY } from '../infrastructure.tokens';

const EVENT_CONTEXT = Symbol('EVENT_CONTEXT');

/** Starts the relay once the app is up and lets it publish what is pending before shutdown. */
class EventSourcingLifecycle
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    @Inject(EVENT_CONTEXT) private readonly context: BoundedContext,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureIndexes();
    await ensureTopics(this.kafka, [topicIn(this.config, Topics[this.context])], {
      partitions: this.config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}

/** The service's event store (its own database) and the outbox relay to its own topic. */
@Module({})
export class EventSourcingModule {
  static forContext(context: BoundedContext): DynamicModule {
    return {
      module: EventSourcingModule,
      providers: [
        { provide: EVENT_CONTEXT, useValue: context },
        {
          provide: EVENT_STORE,
          useFactory: (connection: Connection) =>
            new MongoEventStore(connection.db!, {
              context,
              registry: eventRegistry,
              newId: uuidv7,
            }),
          inject: [getConnectionToken()],
        },
        {
          provide: OUTBOX_RELAY,
          useFactory: (connection: Connection, publisher: EventPublisher, config: BaseConfig) => {
            const logger = new Logger('OutboxRelay');
            return new OutboxRelay(connection.db!, {
              context,
              topic: topicIn(config, Topics[context]),
              publisher,
              instanceId: config.INSTANCE_ID,
              batchSize: config.OUTBOX_BATCH_SIZE,
              pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
              leaseMs: config.OUTBOX_LEASE_MS,
              logger: {
                info: (message, details) => logger.log({ ...details, msg: message }),
                error: (message, details) => logger.error({ ...details, msg: message }),
              },
            });
          },
          inject: [getConnectionToken(), EVENT_PUBLISHER, APP_CONFIG],
        },
        EventSourcingLifecycle,
      ],
      exports: [EVENT_STORE, OUTBOX_RELAY],
    };
  }
}
