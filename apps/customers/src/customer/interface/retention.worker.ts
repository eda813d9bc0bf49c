import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { bindJob, JobQueues, JobWorkers } from '@crm/jobs';
import { APP_CONFIG } from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { EraseInactiveCustomersHandler } from '@apps/customers/src/customer/application/retention/erase-inactive-customers.handler';
import { customerRetentionJob } from '@apps/customers/src/customer/application/retention/retention.jobs';

/**
 * The retention schedule (a BullMQ job scheduler under a fixed id, cron in
 * CUSTOMER_RETENTION_TIME_ZONE): every instance declares the same schedule, BullMQ runs each tick
 * once. Without CUSTOMER_RETENTION_DAYS there is no schedule and no Redis connection.
 */
@Injectable()
export class RetentionWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('RetentionWorker');
  private readonly jobs: { queues: JobQueues; workers: JobWorkers } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
    sweep: EraseInactiveCustomersHandler,
  ) {
    if (config.CUSTOMER_RETENTION_DAYS === undefined) return;
    this.jobs = {
      queues: new JobQueues({
        redisUrl: config.REDIS_URL,
        prefix: config.JOBS_PREFIX,
        keepCompleted: { ageSeconds: 30 * 86_400, count: 100 },
        keepFailed: { ageSeconds: 90 * 86_400 },
      }),
      workers: new JobWorkers(
        [
          bindJob(customerRetentionJob, async () => {
            const erased = await sweep.execute();
            this.logger.log({ msg: 'retention sweep', erased });
          }),
        ],
        {
          redisUrl: config.REDIS_URL,
          prefix: config.JOBS_PREFIX,
          concurrency: 1,
          logger: { error: (details, message) => this.logger.error({ ...details, msg: message }) },
        },
      ),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.jobs) return;
    await this.jobs.queues.queue(customerRetentionJob.queue).upsertJobScheduler(
      customerRetentionJob.name,
      {
        pattern: this.config.CUSTOMER_RETENTION_CRON,
        tz: this.config.CUSTOMER_RETENTION_TIME_ZONE,
      },
      {
        name: customerRetentionJob.name,
        data: {},
        opts: {
          attempts: customerRetentionJob.attempts,
          backoff: { type: 'exponential', delay: customerRetentionJob.backoffMs },
        },
      },
    );
    this.jobs.workers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.jobs?.workers.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs?.queues.close();
  }

  /** The next run of the sweep; null without retention (for tests and the runbook). */
  async nextRun(): Promise<Date | null> {
    if (!this.jobs) return null;
    const scheduler = await this.jobs.queues
      .queue(customerRetentionJob.queue)
      .getJobScheduler(customerRetentionJob.name);
    return scheduler?.next ? new Date(scheduler.next) : null;
  }
}
