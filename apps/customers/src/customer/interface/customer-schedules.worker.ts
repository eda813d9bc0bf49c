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
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { EraseInactiveCustomersHandler } from '@apps/customers/src/customer/application/retention/erase-inactive-customers.handler';
import { ExpirePointsSweep } from '@apps/customers/src/customer/application/points-expiry/expire-points.sweep';
import {
  customerRetentionJob,
  pointsExpiryJob,
} from '@apps/customers/src/customer/application/customer.jobs';

/**
 * The customers service's schedules (BullMQ job schedulers under fixed ids): the points expiry
 * sweep (D11) always, in POINTS_EXPIRY_TIME_ZONE; the retention sweep (ADR 110) only with
 * CUSTOMER_RETENTION_DAYS, in CUSTOMER_RETENTION_TIME_ZONE. Every instance declares the same
 * schedules, BullMQ runs each tick once.
 */
@Injectable()
export class CustomerSchedulesWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('CustomerSchedulesWorker');
  private readonly queues: JobQueues;
  private readonly workers: JobWorkers;

  constructor(
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
    retention: EraseInactiveCustomersHandler,
    expiry: ExpirePointsSweep,
  ) {
    this.queues = new JobQueues({
      redisUrl: config.REDIS_URL,
      prefix: config.JOBS_PREFIX,
      keepCompleted: { ageSeconds: 30 * 86_400, count: 100 },
      keepFailed: { ageSeconds: 90 * 86_400 },
    });
    this.workers = new JobWorkers(
      [
        bindJob(pointsExpiryJob, async () => {
          const expired = await expiry.execute();
          this.logger.log({ msg: 'points expiry sweep', customers: expired });
        }),
        bindJob(customerRetentionJob, async () => {
          const erased = await retention.execute();
          this.logger.log({ msg: 'retention sweep', erased });
        }),
      ],
      {
        redisUrl: config.REDIS_URL,
        prefix: config.JOBS_PREFIX,
        concurrency: 1,
        logger: { error: (details, message) => this.logger.error({ ...details, msg: message }) },
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const config = this.config;
    await this.queues.repeat(
      pointsExpiryJob,
      config.POINTS_EXPIRY_CRON,
      config.POINTS_EXPIRY_TIME_ZONE,
    );
    if (config.CUSTOMER_RETENTION_DAYS === undefined) {
      await this.queues
        .queue(customerRetentionJob.queue)
        .removeJobScheduler(customerRetentionJob.name);
    } else {
      await this.queues.repeat(
        customerRetentionJob,
        config.CUSTOMER_RETENTION_CRON,
        config.CUSTOMER_RETENTION_TIME_ZONE,
      );
    }
    this.workers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.workers.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }

  /** The next run of a schedule; null when it is not declared (for tests and the runbook). */
  nextRun(definition: JobDefinition): Promise<Date | null> {
    return this.queues.nextRun(definition);
  }
}
