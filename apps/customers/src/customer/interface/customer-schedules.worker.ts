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
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { EraseInactiveCustomersHandler } from '@apps/customers/src/customer/application/retention/erase-inactive-customers.handler';
import { ExpirePointsSweep } from '@apps/customers/src/customer/application/points-expiry/expire-points.sweep';
import {
  customerRetentionJob,
  pointsExpiryJob,
} from '@apps/customers/src/customer/application/customer.jobs';

/**
 * The customers service's schedules: the points expiry sweep (D11) always, the retention sweep
 * (ADR 110) only with CUSTOMER_RETENTION_DAYS (without it, a schedule declared before is removed).
 */
@Injectable()
export class CustomerSchedulesWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('CustomerSchedulesWorker');
  private readonly schedules: RepeatingJobs;

  constructor(
    @Inject(APP_CONFIG) config: CustomersConfig,
    retention: EraseInactiveCustomersHandler,
    expiry: ExpirePointsSweep,
  ) {
    this.schedules = new RepeatingJobs(
      [
        {
          binding: bindJob(pointsExpiryJob, async () => {
            const customers = await expiry.execute();
            this.logger.log({ msg: 'points expiry sweep', customers });
          }),
          pattern: config.POINTS_EXPIRY_CRON,
          timeZone: config.POINTS_EXPIRY_TIME_ZONE,
        },
        {
          binding: bindJob(customerRetentionJob, async () => {
            const erased = await retention.execute();
            this.logger.log({ msg: 'retention sweep', erased });
          }),
          pattern:
            config.CUSTOMER_RETENTION_DAYS === undefined
              ? undefined
              : config.CUSTOMER_RETENTION_CRON,
          timeZone: config.CUSTOMER_RETENTION_TIME_ZONE,
        },
      ],
      {
        redisUrl: config.REDIS_URL,
        prefix: config.JOBS_PREFIX,
        concurrency: 1,
        keepDays: { completed: 30, failed: 90 },
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

  /** The next run of a schedule; null when it is not declared (for tests and the runbook). */
  nextRun(definition: JobDefinition): Promise<Date | null> {
    return this.schedules.nextRun(definition);
  }
}
