import {
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleInit,
  type Provider,
  type Type,
} from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry, Topics, type BoundedContext } from '@crm/contracts';
import {
  MongoEventStore,
  COMMITS_COLLECTION,
  CryptoShreddingCodec,
  OutboxRelay,
  type EventPublisher,
  type PayloadCodec,
} from '@crm/event-store';
import { ensureTopics } from '@crm/messaging';
import { topicIn, type BaseConfig } from '../config/config.schema';
import { DataKeyRing } from '../personal-data/data-key-ring';
import { SealedRepublisher } from '../personal-data/sealed-republisher';
import { PersonalDataExport } from '../personal-data/personal-data-export';
import { CLOCK, type Clock } from '../time/clock';
import { APP_CONFIG } from '../config/config.tokens';
import {
  EVENT_PUBLISHER,
  EVENT_STORE,
  KAFKA,
  OUTBOX_RELAY,
  PAYLOAD_CODEC,
} from '../infrastructure.tokens';

export interface EventSourcingOptions {
  /**
   * A payload codec for the store and the relay (e.g. crypto-shredding): an injectable class,
   * provided (and exported) under its own class and under PAYLOAD_CODEC.
   */
  readonly codec?: Type<PayloadCodec>;
  /** Its own commits collection, for a second context in one service (see forContext). */
  readonly collection?: string;
}

const EVENT_CONTEXT = Symbol('EVENT_CONTEXT');
const EVENT_COLLECTION = Symbol('EVENT_COLLECTION');

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
    @Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec | undefined,
    @Inject(DataKeyRing) private readonly keys: DataKeyRing,
    @Inject(SealedRepublisher) private readonly republisher: SealedRepublisher,
    @Inject(PersonalDataExport) private readonly exports: PersonalDataExport,
    @Inject(EVENT_COLLECTION) private readonly collection: string,
  ) {}

  async onModuleInit(): Promise<void> {
    // The service's consumers open its own context's sealed records with its own keys.
    if (this.codec instanceof CryptoShreddingCodec) {
      const codec = this.codec;
      this.keys.registerLocal(this.context, codec);
      this.exports.register(this.context, {
        codec,
        collection: this.collection,
        fields: (type) => codec.personalFieldsOf(type),
      });
    }
    this.republisher.register(this.context, this.relay, topicIn(this.config, Topics[this.context]));
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
  /**
   * `collection` gives the context its own commits collection, for a service that hosts a second
   * context (analytics hosts engagement): each relay then publishes only its own context's events.
   */
  static forContext(context: BoundedContext, options: EventSourcingOptions = {}): DynamicModule {
    const codecProviders: Provider[] = options.codec
      ? [options.codec, { provide: PAYLOAD_CODEC, useExisting: options.codec }]
      : [{ provide: PAYLOAD_CODEC, useValue: undefined }];
    const collection = options.collection ? { collection: options.collection } : {};
    return {
      module: EventSourcingModule,
      providers: [
        { provide: EVENT_CONTEXT, useValue: context },
        { provide: EVENT_COLLECTION, useValue: options.collection ?? COMMITS_COLLECTION },
        ...codecProviders,
        {
          provide: EVENT_STORE,
          useFactory: (connection: Connection, codec: PayloadCodec | undefined, clock: Clock) =>
            new MongoEventStore(connection.db!, {
              context,
              registry: eventRegistry,
              newId: uuidv7,
              // occurredAt and recordedAt of every appended event.
              now: () => clock.now(),
              ...(codec ? { codec } : {}),
              ...collection,
            }),
          inject: [getConnectionToken(), PAYLOAD_CODEC, CLOCK],
        },
        {
          provide: OUTBOX_RELAY,
          useFactory: (
            connection: Connection,
            publisher: EventPublisher,
            config: BaseConfig,
            codec: PayloadCodec | undefined,
            store: MongoEventStore,
          ) => {
            const logger = new Logger('OutboxRelay');
            return new OutboxRelay(connection.db!, {
              context,
              ...collection,
              topic: topicIn(config, Topics[context]),
              publisher,
              instanceId: config.INSTANCE_ID,
              batchSize: config.OUTBOX_BATCH_SIZE,
              pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
              leaseMs: config.OUTBOX_LEASE_MS,
              // Woken by this process's appends; polls every OUTBOX_POLL_INTERVAL_MS otherwise.
              wakeOn: store,
              ...(codec ? { codec } : {}),
              toPublished: (event) => store.published(event),
              logger: {
                info: (message, details) => logger.log({ ...details, msg: message }),
                error: (message, details) => logger.error({ ...details, msg: message }),
              },
            });
          },
          inject: [getConnectionToken(), EVENT_PUBLISHER, APP_CONFIG, PAYLOAD_CODEC, EVENT_STORE],
        },
        EventSourcingLifecycle,
      ],
      exports: [
        EVENT_STORE,
        OUTBOX_RELAY,
        PAYLOAD_CODEC,
        ...(options.codec ? [options.codec] : []),
      ],
    };
  }
}
