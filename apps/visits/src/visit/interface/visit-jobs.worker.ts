import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { bindJob, JobWorkers, type JobQueues } from '@crm/jobs';
import { MarkVisitMissedHandler } from '@apps/visits/src/visit/application/mark-visit-missed/mark-visit-missed.handler';
import { visitMissedCheck } from '@apps/visits/src/visit/application/visit.jobs';
import { startOfDay, addDays, dayOf } from '@crm/calendar';
import { GenerateVisitPlanHandler } from '@apps/visits/src/visit-plan/application/generate-visit-plan/generate-visit-plan.handler';
import {
  visitPlanGeneration,
  visitPlanGenerationId,
} from '@apps/visits/src/visit-plan/application/visit-plan.jobs';
import type { VisitsConfig } from '@apps/visits/src/visits.config';
import { CLOCK, type Clock, APP_CONFIG } from '@crm/platform';
import { JOB_QUEUES } from '@apps/visits/src/visits.tokens';

/** The start of the month after `now`, in the zone: when that month's plan is generated. */
function nextMonthStart(now: Date, timeZone: string): { month: string; at: Date } {
  const today = dayOf(now, timeZone);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first =
    month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { month: first.slice(0, 7), at: startOfDay(first, timeZone) };
}

/**
 * Every job of the visits service, bound to the application code it runs (checked at boot). Every
 * instance runs workers; BullMQ hands each job to one of them, and the handlers are idempotent anyway.
 */
@Injectable()
export class VisitJobsWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: JobWorkers;
  private readonly logger = new Logger('VisitJobs');

  constructor(
    @Inject(APP_CONFIG) private readonly config: VisitsConfig,
    @Inject(JOB_QUEUES) private readonly queues: JobQueues,
    missed: MarkVisitMissedHandler,
    plans: GenerateVisitPlanHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.workers = new JobWorkers(
      [
        bindJob(visitMissedCheck, async (payload, context) => {
          await missed.execute(payload.visitId, context.jobId);
        }),
        bindJob(visitPlanGeneration, async (payload, context) => {
          await plans.execute(payload.month, 'schedule', {
            actorId: 'system:visit-plan-generation',
            correlationId: context.jobId,
            causationId: context.jobId,
          });
          await this.scheduleNextPlan(
            new Date(
              startOfDay(addDays(`${payload.month}-01`, 1), config.VISITS_DEFAULT_TIME_ZONE),
            ),
          );
        }),
      ],
      {
        redisUrl: config.REDIS_URL,
        prefix: config.JOBS_PREFIX,
        concurrency: config.JOBS_CONCURRENCY,
        logger: { error: (context, message) => this.logger.error({ ...context, msg: message }) },
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.workers.start();
    await this.scheduleNextPlan(this.clock.now());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.workers.close();
  }

  /** Same id on every instance and every boot: one generation job per month. */
  private async scheduleNextPlan(after: Date): Promise<void> {
    const next = nextMonthStart(after, this.config.VISITS_DEFAULT_TIME_ZONE);
    await this.queues.schedule(
      visitPlanGeneration,
      { month: next.month },
      { jobId: visitPlanGenerationId(next.month), runAt: next.at },
    );
  }
}
