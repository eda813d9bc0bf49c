import type { JobBinding, JobDefinition } from './job-definition';
import { JobQueues } from './job-queues';
import { JobWorkers, type JobWorkersOptions } from './job-workers';

/** A job that runs on a cron schedule, and what runs it. */
export interface RepeatingJob {
  readonly binding: JobBinding;
  /** Cron, in `timeZone`; undefined: not scheduled (a schedule declared earlier is removed). */
  readonly pattern: string | undefined;
  readonly timeZone: string;
}

const DAY_SECONDS = 86_400;

/**
 * A service's schedules (nightly recomputes, sweeps): each job declared under its definition's
 * fixed id, so every instance declares the same schedule and BullMQ runs each tick once, and the
 * workers that run them. The methods are named as NestJS's lifecycle hooks: a provider that
 * extends this class declares its schedules at boot and stops its workers before its queues.
 */
export class RepeatingJobs {
  private readonly queues: JobQueues;
  private readonly workers: JobWorkers;

  constructor(
    private readonly jobs: readonly RepeatingJob[],
    options: Pick<JobWorkersOptions, 'redisUrl' | 'prefix' | 'concurrency' | 'logger'> & {
      /** How long finished runs stay visible (the dashboard, an operator's look back). */
      readonly keepDays: { readonly completed: number; readonly failed: number };
    },
  ) {
    this.queues = new JobQueues({
      redisUrl: options.redisUrl,
      prefix: options.prefix,
      keepCompleted: { ageSeconds: options.keepDays.completed * DAY_SECONDS, count: 100 },
      keepFailed: { ageSeconds: options.keepDays.failed * DAY_SECONDS },
    });
    this.workers = new JobWorkers(
      jobs.map((job) => job.binding),
      options,
    );
  }

  /** Declares (or removes) each schedule, then starts the workers. */
  async onApplicationBootstrap(): Promise<void> {
    for (const { binding, pattern, timeZone } of this.jobs) {
      const { definition } = binding;
      if (pattern === undefined) {
        await this.queues.queue(definition.queue).removeJobScheduler(definition.name);
      } else {
        await this.queues.repeat(definition, pattern, timeZone);
      }
    }
    this.workers.start();
  }

  /** Stops taking runs (a run in progress finishes). */
  beforeApplicationShutdown(): Promise<void> {
    return this.workers.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.queues.close();
  }

  /** The next run of a schedule; null when it is not declared (for dashboards and tests). */
  nextRun(definition: JobDefinition): Promise<Date | null> {
    return this.queues.nextRun(definition);
  }
}
