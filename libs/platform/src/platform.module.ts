import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { createKafka, KafkaPublisher } from '@crm/messaging';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import type { BaseConfig } from './config/config.schema';
import { APP_CONFIG } from './config/config.tokens';
import { HealthController } from './health/health.controller';
import { ERROR_MAPPINGS, type ErrorMapping } from './http/error-mapping';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { EVENT_PUBLISHER, KAFKA, REDIS } from './infrastructure.tokens';
import { loggerOptions } from './observability/logger.options';
import {
  HttpMetricsMiddleware,
  MetricsController,
  startDefaultMetrics,
} from './observability/metrics';
import { EventConsumers } from './events/event-consumer.factory';
import { eventStoreErrorMapping } from './events/event-store.error-mapping';
import { ShutdownState } from './lifecycle/shutdown';
import {
  loadOrganizationDirectory,
  OrganizationDirectory,
} from './organization/organization-directory';
import { DataKeyRing } from './personal-data/data-key-ring';
import { DataKeysController } from './personal-data/data-keys.controller';
import { RepublishSealedController } from './personal-data/republish-sealed.controller';
import { SealedRepublisher } from './personal-data/sealed-republisher';
import { PersonalDataExport } from './personal-data/personal-data-export';
import { PersonalDataController } from './personal-data/personal-data.controller';
import { DatabaseEngineProbe } from './read-models/database-engine';
import { CLOCK, clockOf } from './time/clock';

export interface PlatformOptions {
  readonly config: BaseConfig;
  /** The app's error classes and their HTTP mapping. */
  readonly errorMappings?: readonly ErrorMapping[];
}

/** Closes the shared clients after everything that uses them has stopped. */
class InfrastructureCloser implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EVENT_PUBLISHER) private readonly publisher: KafkaPublisher,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
    this.redis.disconnect();
  }
}

/** What every service has: config, clock, logs, auth, problem+json, idempotency, health, metrics, clients. */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forRoot({ config, errorMappings = [] }: PlatformOptions): DynamicModule {
    startDefaultMetrics(config.SERVICE_NAME);
    // Read at boot: a missing or invalid directory stops the service with a message naming it.
    const directory = loadOrganizationDirectory(config.ORGANIZATION_FILE);
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config.SERVICE_NAME, config.LOG_LEVEL)),
        MongooseModule.forRoot(config.MONGODB_URI, {
          dbName: config.MONGODB_DATABASE,
          serverSelectionTimeoutMS: 5_000,
          // Polling heartbeats: after a database restart the streaming monitor could stay on a
          // closed connection and the service never got its database back (fault run).
          serverMonitoringMode: 'poll',
          heartbeatFrequencyMS: 2_000,
          autoIndex: true,
        }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [
        HealthController,
        MetricsController,
        DataKeysController,
        RepublishSealedController,
        PersonalDataController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: CLOCK,
          useFactory: () => clockOf(config, (message) => new Logger('Clock').warn(message)),
        },
        DatabaseEngineProbe,
        { provide: ShutdownState, useValue: new ShutdownState() },
        { provide: OrganizationDirectory, useValue: directory },
        { provide: ERROR_MAPPINGS, useValue: [...errorMappings, eventStoreErrorMapping] },
        {
          provide: TokenVerifier,
          useValue: new TokenVerifier({
            secret: config.JWT_SECRET,
            jwksUrl: config.JWT_JWKS_URL,
            issuer: config.JWT_ISSUER,
            audience: config.JWT_AUDIENCE,
            maxLifetimeSeconds: config.JWT_MAX_LIFETIME_SECONDS,
            clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_SECONDS,
            jwksCooldownMs: config.JWT_JWKS_COOLDOWN_MS,
            jwksCacheMs: config.JWT_JWKS_CACHE_MS,
          }),
        },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka(
              {
                brokers: config.KAFKA_BROKERS,
                clientId: `${config.SERVICE_NAME}-${config.INSTANCE_ID}`,
              },
              pino({
                level: config.LOG_LEVEL,
                base: { service: config.SERVICE_NAME, component: 'kafka' },
              }),
            ),
        },
        {
          provide: EVENT_PUBLISHER,
          useFactory: (kafka: ReturnType<typeof createKafka>) => new KafkaPublisher(kafka),
          inject: [KAFKA],
        },
        {
          provide: REDIS,
          useFactory: () =>
            new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, connectTimeout: 5_000 }),
        },
        InfrastructureCloser,
        EventConsumers,
        DataKeyRing,
        SealedRepublisher,
        PersonalDataExport,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [
        APP_CONFIG,
        CLOCK,
        KAFKA,
        EVENT_PUBLISHER,
        REDIS,
        TokenVerifier,
        ShutdownState,
        OrganizationDirectory,
        EventConsumers,
        DataKeyRing,
        SealedRepublisher,
        PersonalDataExport,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
