import { Inject, Injectable, Logger } from '@nestjs/common';
import { bindJob, RepeatingJobs } from '@crm/jobs';
import { APP_CONFIG } from '@crm/platform';
import type { AnalyticsConfig } from '@apps/analytics/src/analytics.config';
import { EvaluateLifecycle } from '@apps/analytics/src/lifecycle/application/evaluate-lifecycle';
import { RecomputeTiers } from '@apps/analytics/src/tiers/application/recompute-tiers';
import { lifecycleEvaluationJob, tierRecomputeJob } from '../application/nightly.jobs';

const logger = new Logger('NightlyWorker');

/**
 * The nightly schedules (BullMQ job schedulers, cron in ANALYTICS_TIME_ZONE): the tier recompute
 * (D3) and the lifecycle evaluation (D5).
 */
@Injectable()
export class NightlyWorker extends RepeatingJobs {
  constructor(
    @Inject(APP_CONFIG) config: AnalyticsConfig,
    tiers: RecomputeTiers,
    lifecycle: EvaluateLifecycle,
  ) {
    const timeZone = config.ANALYTICS_TIME_ZONE;
    super(
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
        logger: { error: (details, message) => logger.error({ ...details, msg: message }) },
      },
    );
  }
}
