import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { bindJob, RepeatingJobs, type JobDefinition } from '@crm/jobs';
import { APP_CONFIG } from '@crm/platform';
import type { AnalyticsConfig } from '@apps/analytics/src/analytics.config';
import { EvaluateLifecycle } from '@apps/analytics/src/lifecycle/application/evaluate-lifecycle';
import { RecomputeTiers } from '@apps/analytics/src/tiers/application/recompute-tiers';
import { lifecycleEvaluationJob, tierRecomputeJob } from '../application/nightly.jobs';

/**
 * The nightly schedules (BullMQ job schedulers, cron in ANALYTICS_TIME_ZONE): upserted at boot under
 * a fixed id, so every instance declares the same schedule once and BullMQ runs each tick once.
 */
@Injectable()
export class NightlyWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('NightlyWorker');
  private readonly schedules: RepeatingJobs;

  constructor(
    @Inject(APP_CONFIG) config: AnalyticsConfig,
    tiers: RecomputeTiers,
    lifecycle: EvaluateLifecycle,
  ) {
    const timeZone = config.ANALYTICS_TIME_ZONE;
    this.schedules = new RepeatingJobs(
      [
        {
          binding: bindJob(tierRecomputeJob, async () => {
            await tiers.execute({ trigger: 'schedule', actorId: 'system:tier-recompute' });
          }),
          pattern: config.TIER_RECOMPUTE_CRON,
          timeZone,
        },
        {
          binding: bindJob(lifecycleEvaluationJob, async () => {
            await lifecycle.execute({ actorId: 'system:lifecycle-evaluation' });
          }),
          pattern: config.LIFECYCLE_EVALUATION_CRON,
          timeZone,
        },
      ],
      {
        redisUrl: config.REDIS_URL,
        prefix: config.JOBS_PREFIX,
        concurrency: config.JOBS_CONCURRENCY,
        keepDays: { completed: 7, failed: 30 },
        logger: { error: (details, message) => this.logger.error({ ...details, msg: message }) },
      },
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.schedules.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.schedules.closeWorkers();
  }

  onApplicationShutdown(): Promise<void> {
    return this.schedules.closeQueues();
  }

  /** The next run of a schedule (for the dashboard and tests). */
  nextRun(definition: JobDefinition): Promise<Date | null> {
    return this.schedules.nextRun(definition);
  }
}
