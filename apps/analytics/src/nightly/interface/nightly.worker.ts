import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { bindJob, JobQueues, JobWorkers, type JobDefinition } from '@crm/jobs';
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
  private readonly queues: JobQueues;
  private readonly workers: JobWorkers;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AnalyticsConfig,
    tiers: RecomputeTiers,
    lifecycle: EvaluateLifecycle,
  ) {
    this.queues = new JobQueues({
      redisUrl: config.REDIS_URL,
      prefix: config.JOBS_PREFIX,
      keepCompleted: { ageSeconds: 7 * 86_400, count: 100 },
      keepFailed: { ageSeconds: 30 * 86_400 },
    });
    this.workers = new JobWorkers(
      [
        bindJob(tierRecomputeJob, async () => {
          await tiers.execute({ trigger: 'schedule', actorId: 'system:tier-recompute' });
        }),
        bindJob(lifecycleEvaluationJob, async () => {
          await lifecycle.execute({ actorId: 'system:lifecycle-evaluation' });
        }),
      ],
      {
        redisUrl: config.REDIS_URL,
        prefix: config.JOBS_PREFIX,
        concurrency: config.JOBS_CONCURRENCY,
        logger: { error: (details, message) => this.logger.error({ ...details, msg: message }) },
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const timeZone = this.config.ANALYTICS_TIME_ZONE;
    await this.queues.repeat(tierRecomputeJob, this.config.TIER_RECOMPUTE_CRON, timeZone);
    await this.queues.repeat(
      lifecycleEvaluationJob,
      this.config.LIFECYCLE_EVALUATION_CRON,
      timeZone,
    );
    this.workers.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.workers.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.queues.close();
  }

  /** The next run of a schedule (for the dashboard and tests). */
  nextRun(definition: JobDefinition): Promise<Date | null> {
    return this.queues.nextRun(definition);
  }
}
