import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MongooseHealthIndicator,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { pingKafka } from '@crm/messaging';
import { Public } from '../auth/auth.decorators';
import { EventConsumers } from '../events/event-consumer.factory';
import { KAFKA, REDIS } from '../infrastructure.tokens';
import { ShutdownState } from '../lifecycle/shutdown';
import { ApiAnswerOf } from '../http/route-parameters';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)),
  ]);

const consumersAnswer = z.object({
  behind: z.number().int().min(0).nullable(),
  groups: z.record(
    z.string(),
    z.object({
      lag: z.union([z.record(z.string(), z.number()), z.object({ error: z.string() })]),
      deadLettered: z.object({ events: z.number(), customers: z.number() }),
    }),
  ),
});

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly mongo: MongooseHealthIndicator,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly shutdown: ShutdownState,
    private readonly consumers: EventConsumers,
  ) {}

  @Get('live')
  @Public()
  @ApiAnswerOf(z.object({ status: z.literal('ok') }))
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    // Shutting down: not ready, so no new request is routed here while in-flight ones finish.
    if (this.shutdown.draining) throw new ServiceUnavailableException('shutting down');
    return this.health.check([
      () => this.mongo.pingCheck('mongodb', { timeout: 2_000 }),
      () => this.probe('kafka', () => pingKafka(this.kafka)),
      () => this.probe('redis', () => this.redis.ping()),
      () => this.consumerDetails(),
    ]);
  }

  /**
   * How far behind every consumer group is, waiting as long as the brokers take to answer (the
   * readiness check gives up after 2 s). `behind` totals the events not yet applied, `null` when a
   * group could not tell: `npm run demo` waits for 0 before it reports.
   */
  @Get('consumers')
  @Public()
  @ApiAnswerOf(consumersAnswer)
  async consumerLag(): Promise<z.infer<typeof consumersAnswer>> {
    const groups = await withTimeout(this.consumers.status(), 30_000);
    const lags = Object.values(groups).map(({ lag }) => lag);
    const behind = lags.every((lag) => !('error' in lag))
      ? lags.reduce(
          (sum, lag) =>
            sum + Object.values(lag as Record<string, number>).reduce((a, b) => a + b, 0),
          0,
        )
      : null;
    return { behind, groups };
  }

  /**
   * Lag and dead letters of every consumer group: a detail, never a failure (a backlog or a
   * dead-lettered event is for the alerts and the operator, not a reason to stop routing requests).
   */
  private async consumerDetails() {
    const indicator = this.indicators.check('consumers');
    try {
      return indicator.up({ groups: await withTimeout(this.consumers.status(), 2_000) });
    } catch (error) {
      return indicator.up({ unknown: error instanceof Error ? error.message : String(error) });
    }
  }

  private async probe(key: string, check: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(check(), 2_000);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
