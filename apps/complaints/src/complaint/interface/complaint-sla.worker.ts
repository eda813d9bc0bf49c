import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { bindJob, JobWorkers, type JobQueues } from '@crm/jobs';
import { APP_CONFIG } from '@crm/platform';
import type { ComplaintsConfig } from '@apps/complaints/src/complaints.config';
import { complaintSlaDeadlineJob } from '../application/sla/complaint-sla.job';
import { RecordSlaBreachHandler } from '../application/sla/record-sla-breach.handler';
import { COMPLAINT_JOB_QUEUES } from '../application/sla/sla-timers';

/** Runs the SLA timers of this service (job → application handler), and closes the queues last. */
@Injectable()
export class ComplaintSlaWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly workers: JobWorkers;

  constructor(
    @Inject(APP_CONFIG) config: ComplaintsConfig,
    @Inject(COMPLAINT_JOB_QUEUES) private readonly queues: JobQueues,
    breaches: RecordSlaBreachHandler,
  ) {
    const logger = new Logger('ComplaintSlaWorker');
    this.workers = new JobWorkers(
      [
        bindJob(
          complaintSlaDeadlineJob,
          async (payload, context) => void (await breaches.execute(payload, context.jobId)),
        ),
      ],
      {
        redisUrl: config.REDIS_URL,
        prefix: config.JOBS_PREFIX,
        concurrency: config.JOBS_CONCURRENCY,
        logger: { error: (details, message) => logger.error({ ...details, msg: message }) },
      },
    );
  }

  onApplicationBootstrap(): void {
    this.workers.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.workers.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.queues.close();
  }
}
