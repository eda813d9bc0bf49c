import {
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
  type Provider,
  Inject,
  Logger,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import {
  CLOCK,
  clockOf,
  APP_CONFIG,
  ERROR_MAPPINGS,
  HttpMetricsMiddleware,
  loggerOptions,
  MetricsController,
  ProblemFilter,
  loadOrganizationDirectory,
  REDIS,
  ShutdownState,
  startDefaultMetrics,
} from '@crm/platform';
import type { ConsoleConfig } from './console.config';
import { ConsoleHealthController } from './interface/console-health.controller';
import { consoleErrorMapping } from './interface/console.error-mapping';
import { ServiceTokenMinter } from './session/infrastructure/service-token.minter';
import { SessionController } from './session/interface/session.controller';
import { OidcSignInController } from './session/interface/oidc-sign-in.controller';
import { OidcProviderClient, oidcSettingsOf } from './session/infrastructure/oidc-provider.client';
import { SignInTransactionStore } from './session/infrastructure/sign-in-transaction.store';
import { ExportAuditController } from './export/interface/export-audit.controller';
import { ExportAuditStore } from './export/infrastructure/export-audit.store';
import { LiveHub } from './live/application/live-hub';
import { CustomerRefs } from './live/infrastructure/customer-refs';
import { LiveEventTap } from './live/infrastructure/live-event-tap';
import { LiveController } from './live/interface/live.controller';

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** Live updates where the console is given brokers; none (and `GET /live` 404) without. */
function liveProviders(config: ConsoleConfig): Provider[] {
  if (config.KAFKA_BROKERS.length === 0) return [{ provide: LiveHub, useValue: null }];
  return [
    {
      provide: CustomerRefs,
      inject: [ServiceTokenMinter],
      useFactory: (minter: ServiceTokenMinter) =>
        new CustomerRefs({
          customersUrl: config.CUSTOMERS_URL,
          minter,
          tokenRefreshMs: Math.floor(config.SESSION_TTL / 2),
          ttlMs: config.LIVE_CUSTOMER_REF_TTL,
          maxEntries: 100_000,
          timeoutMs: 5_000,
        }),
    },
    {
      provide: LiveHub,
      inject: [CustomerRefs],
      useFactory: (refs: CustomerRefs) => {
        const logger = new Logger('LiveUpdates');
        return new LiveHub(loadOrganizationDirectory(config.ORGANIZATION_FILE), refs.of, {
          maxPending: config.LIVE_MAX_PENDING,
          onDropped: (reason, error) =>
            logger.warn({ msg: 'a live notice was not sent', reason, err: error }),
        });
      },
    },
    {
      provide: LiveEventTap,
      inject: [LiveHub, CustomerRefs],
      useFactory: (hub: LiveHub, refs: CustomerRefs) => new LiveEventTap(config, hub, refs),
    },
  ];
}

/** The console's backend: sessions, health and metrics (the gateway and SPA are Express-level). */
@Module({})
export class ConsoleAppModule implements NestModule {
  static with(config: ConsoleConfig): DynamicModule {
    startDefaultMetrics(config.SERVICE_NAME);
    return {
      module: ConsoleAppModule,
      imports: [LoggerModule.forRoot(loggerOptions(config.SERVICE_NAME, config.LOG_LEVEL))],
      controllers: [
        SessionController,
        OidcSignInController,
        ExportAuditController,
        LiveController,
        ConsoleHealthController,
        MetricsController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: CLOCK,
          useFactory: () => clockOf(config, (message) => new Logger('Clock').warn(message)),
        },
        { provide: ShutdownState, useValue: new ShutdownState() },
        { provide: ERROR_MAPPINGS, useValue: [consoleErrorMapping] },
        {
          provide: REDIS,
          useFactory: () =>
            new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, connectTimeout: 5_000 }),
        },
        {
          provide: ServiceTokenMinter,
          useValue: new ServiceTokenMinter({
            secret: config.JWT_SECRET,
            issuer: config.JWT_ISSUER,
            audience: config.JWT_AUDIENCE,
            ttlMs: config.SESSION_TTL,
          }),
        },
        {
          provide: OidcProviderClient,
          useFactory: () => {
            const settings = oidcSettingsOf(config);
            return settings ? new OidcProviderClient(settings) : null;
          },
        },
        {
          provide: SignInTransactionStore,
          inject: [REDIS],
          useFactory: (redis: Redis) => new SignInTransactionStore(redis, config.SESSION_PREFIX),
        },
        {
          provide: ExportAuditStore,
          inject: [REDIS],
          useFactory: (redis: Redis) =>
            new ExportAuditStore(redis, {
              stream: config.EXPORT_AUDIT_STREAM,
              keep: config.EXPORT_AUDIT_KEEP,
            }),
        },
        ...liveProviders(config),
        RedisCloser,
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
