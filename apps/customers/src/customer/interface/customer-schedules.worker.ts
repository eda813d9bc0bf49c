import { Inject, Injectable, Logger } from '@nestjs/common';
import { bindJob, RepeatingJobs } from '@crm/jobs';
import { APP_CONFIG } from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { EraseInactiveCustomersHandler } from '@apps/customers/src/customer/application/retention/erase-inactive-customers.handler';
import { ExpirePointsSweep } from '@apps/customers/src/customer/application/points-expiry/expire-points.sweep';
import {
  customerRetentionJob,
  pointsExpiryJob,
} from '@apps/customers/src/customer/application/customer.jobs';

const logger = new Logger('CustomerSchedulesWorker');

/**
 * The customers service's schedules: the points expiry sweep (D11) always, the retention sweep
 * (ADR 110) only with CUSTOMER_RETENTION_DAYS (without it, a schedule declared before is removed).
 */
@Injectable()
export class CustomerSchedulesWorker extends RepeatingJobs {
  constructor(
    @Inject(APP_CONFIG) config: CustomersConfig,
    retention: EraseInactiveCustomersHandler,
    expiry: ExpirePointsSweep,
  ) {
    super(
      [
        {
          binding: bindJob(pointsExpiryJob, async () => {
            const customers = await expiry.execute();
            logger.log({ msg: 'points expiry sweep', customers });
          }),
          pattern: config.POINTS_EXPIRY_CRON,
          timeZone: config.POINTS_EXPIRY_TIME_ZONE,
        },
        {
          binding: bindJob(customerRetentionJob, async () => {
            const erased = await retention.execute();
            logger.log({ msg: 'retention sweep', erased });
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
        logger: { error: (details, message) => logger.error({ ...details, msg: message }) },
      },
    );
  }
}
