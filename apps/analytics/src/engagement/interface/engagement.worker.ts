import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ENGAGEMENT_CHANNELS } from '@crm/contracts';
import { bindJob, JobWorkers, type JobQueues } from '@crm/jobs';
import { APP_CONFIG } from '@crm/platform';
import {
  ENGAGEMENT_JOB_QUEUES,
  EngagementJobs,
  followUpDueJob,
  GREETING_SWEEP_SCHEDULER_ID,
  greetingSweepJob,
} from '@apps/analytics/src/engagement/application/engagement-jobs';
import { FollowUpsHandler } from '@apps/analytics/src/engagement/application/follow-ups/follow-ups.handler';
import { DeliverGreetingHandler } from '@apps/analytics/src/engagement/application/greetings/deliver-greeting.handler';
import { GreetingPlanner } from '@apps/analytics/src/engagement/application/greetings/greeting-planner';
import type { EngagementConfig } from '@apps/analytics/src/engagement/engagement.config';
import {
  jobDuration,
  reportQueues,
} from '@apps/analytics/src/engagement/infrastructure/queue-metrics';

/**
 * Runs the engagement jobs (job → application handler): greeting deliveries (one queue per
 * channel, each rate-limited), follow-ups falling due, and the greeting sweep, whose job scheduler
 * has a fixed id so however many instances start, one schedule exists and one instance runs it.
 * Shutdown lets the jobs in hand finish before the queues close.
 */
@Injectable()
export class EngagementWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly workers: JobWorkers;

  constructor(
    @Inject(APP_CONFIG)
    private readonly config: EngagementConfig & { INSTANCE_ID: string; REDIS_URL: string },
    @Inject(ENGAGEMENT_JOB_QUEUES) private readonly queues: JobQueues,
    private readonly jobs: EngagementJobs,
    deliveries: DeliverGreetingHandler,
    followUps: FollowUpsHandler,
    planner: GreetingPlanner,
  ) {
    const logger = new Logger('EngagementWorker');
    const greetingBindings = ENGAGEMENT_CHANNELS.map((channel) => {
      const definition = jobs.greeting[channel];
      return bindJob(definition, async (payload, context) => {
        await deliveries.execute(payload, { ...context, attempts: definition.attempts });
      });
    });
    this.workers = new JobWorkers(
      [
        ...greetingBindings,
        bindJob(followUpDueJob, (payload, context) =>
          followUps.markDue(payload.followUpId, context.jobId),
        ),
        bindJob(greetingSweepJob, async (_payload, context) => {
          await planner.planAll({ correlationId: context.jobId, causationId: context.jobId });
        }),
      ],
      {
        redisUrl: config.REDIS_URL,
        prefix: config.ENGAGEMENT_JOBS_PREFIX,
        concurrency: config.ENGAGEMENT_JOBS_CONCURRENCY,
        lockDurationMs: config.ENGAGEMENT_JOB_LOCK,
        stalledIntervalMs: config.ENGAGEMENT_STALLED_CHECK,
        limiters: Object.fromEntries(
          ENGAGEMENT_CHANNELS.map((channel) => [
            jobs.greeting[channel].queue,
            { max: config.GREETING_RATE_PER_SECOND, durationMs: 1_000 },
          ]),
        ),
        onJobFinished: (queue, name, seconds, outcome) =>
          jobDuration.labels(queue, name, outcome).observe(seconds),
        logger: { error: (details, message) => logger.error({ ...details, msg: message }) },
      },
    );
    reportQueues(() => this.jobs.queueNames().map((name) => this.queues.queue(name)));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.queue(greetingSweepJob.queue).upsertJobScheduler(
      GREETING_SWEEP_SCHEDULER_ID,
      { every: this.config.ENGAGEMENT_GREETING_SWEEP_EVERY },
      {
        name: greetingSweepJob.name,
        data: {},
        opts: {
          attempts: greetingSweepJob.attempts,
          removeOnComplete: {
            age: this.config.ENGAGEMENT_KEEP_COMPLETED / 1_000,
            count: this.config.ENGAGEMENT_KEEP_COMPLETED_COUNT,
          },
          removeOnFail: { age: this.config.ENGAGEMENT_KEEP_FAILED / 1_000 },
        },
      },
    );
    this.workers.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.workers.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.queues.close();
  }
}
