import { Queue } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { Redis } from 'ioredis';
import type { JobDefinition, JobPayload } from './job-definition';

export interface JobQueuesOptions {
  readonly redisUrl: string;
  /** Redis key prefix: isolates environments (and tests) sharing one Redis. */
  readonly prefix: string;
  readonly keepCompleted: { readonly ageSeconds: number; readonly count: number };
  readonly keepFailed: { readonly ageSeconds: number };
  /**
   * The clock `runAt` is on: the service's CLOCK, so a job runs when that clock reaches `runAt`.
   * Unset: the system time.
   */
  readonly now?: () => Date;
}

/** How long a service's timers stay visible once they ran: a day for the dashboard; failed ones a week. */
export const TIMER_RETENTION = {
  keepCompleted: { ageSeconds: 86_400, count: 10_000 },
  keepFailed: { ageSeconds: 7 * 86_400 },
} as const satisfies Pick<JobQueuesOptions, 'keepCompleted' | 'keepFailed'>;

// eslint-disable-next-line no-restricted-syntax -- the default for a caller without a service clock
const systemNow = (): Date => new Date();

export interface ScheduleOptions {
  /** Deterministic id: scheduling the same occurrence twice keeps one job. */
  readonly jobId: string;
  readonly runAt: Date;
}

/** OpenTelemetry through BullMQ: a no-op until the process registers a tracer provider. */
export const jobTelemetry = new BullMQOtel({ tracerName: 'crm-jobs' });

/** Producer side of the jobs: schedules, moves and cancels delayed jobs by deterministic id. */
export class JobQueues {
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly options: JobQueuesOptions) {
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.options.prefix,
        // The job carries the trace of whoever scheduled it (a command, a consumer) to its worker.
        telemetry: jobTelemetry,
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds the job unless one with the same id is already waiting or delayed. */
  async schedule<TDefinition extends JobDefinition>(
    definition: TDefinition,
    payload: JobPayload<TDefinition>,
    { jobId, runAt }: ScheduleOptions,
    now = (this.options.now ?? systemNow)(),
  ): Promise<void> {
    const data = definition.schema.parse(payload);
    await this.queue(definition.queue).add(definition.name, data, {
      jobId,
      delay: Math.max(0, runAt.getTime() - now.getTime()),
      attempts: definition.attempts,
      backoff: { type: 'exponential', delay: definition.backoffMs },
      removeOnComplete: {
        age: this.options.keepCompleted.ageSeconds,
        count: this.options.keepCompleted.count,
      },
      removeOnFail: { age: this.options.keepFailed.ageSeconds },
    });
  }

  /**
   * Declares a repeating job under its definition's fixed id, cron `pattern` in `timeZone`: every
   * instance declares the same schedule, and BullMQ runs each tick once.
   */
  async repeat(definition: JobDefinition, pattern: string, timeZone: string): Promise<void> {
    await this.queue(definition.queue).upsertJobScheduler(
      definition.name,
      { pattern, tz: timeZone },
      {
        name: definition.name,
        data: {},
        opts: {
          attempts: definition.attempts,
          backoff: { type: 'exponential', delay: definition.backoffMs },
        },
      },
    );
  }

  /** The next run of a repeating job; null when it is not declared (for dashboards and tests). */
  async nextRun(definition: JobDefinition): Promise<Date | null> {
    const scheduler = await this.queue(definition.queue).getJobScheduler(definition.name);
    return scheduler?.next ? new Date(scheduler.next) : null;
  }

  /** Moves a pending job to a new time (or schedules it if there is none). */
  async reschedule<TDefinition extends JobDefinition>(
    definition: TDefinition,
    payload: JobPayload<TDefinition>,
    options: ScheduleOptions,
    now = (this.options.now ?? systemNow)(),
  ): Promise<void> {
    await this.cancel(definition, options.jobId);
    await this.schedule(definition, payload, options, now);
  }

  /** Removes a waiting or delayed job; a job already running is left to finish. */
  async cancel(definition: JobDefinition, jobId: string): Promise<boolean> {
    const job = await this.queue(definition.queue).getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'delayed' && state !== 'waiting' && state !== 'prioritized') return false;
    await job.remove();
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
