import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobBinding } from './job-definition';
import { jobTelemetry } from './job-queues';

export interface JobWorkersOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly concurrency: number;
  readonly logger: {
    error(context: Record<string, unknown>, message: string): void;
  };
  /** Rate limit per queue: at most `max` jobs per `durationMs` across all workers of the queue. */
  readonly limiters?: Readonly<
    Record<string, { readonly max: number; readonly durationMs: number }>
  >;
  /** How long a job's lock lives without renewal: a dead worker's job is recovered after it. */
  readonly lockDurationMs?: number;
  /** How often stalled jobs (their worker died) are looked for and moved back to waiting. */
  readonly stalledIntervalMs?: number;
  /** Called after every job run, for metrics. */
  readonly onJobFinished?: (
    queue: string,
    name: string,
    seconds: number,
    outcome: 'completed' | 'failed',
  ) => void;
}

/**
 * Consumer side: one BullMQ worker per queue, dispatching by job name to its binding.
 * Every job name on a queue must have exactly one handler, checked at construction (boot).
 * Delivery is at least once (a stalled job runs again), so handlers are idempotent.
 */
export class JobWorkers {
  private readonly byQueue = new Map<string, Map<string, JobBinding>>();
  private readonly workers: Worker[] = [];
  private readonly connection: Redis;

  constructor(
    bindings: readonly JobBinding[],
    private readonly options: JobWorkersOptions,
  ) {
    for (const binding of bindings) {
      const { queue, name } = binding.definition;
      const handlers = this.byQueue.get(queue) ?? new Map<string, JobBinding>();
      if (handlers.has(name)) throw new Error(`job ${queue}/${name} has two handlers`);
      handlers.set(name, binding);
      this.byQueue.set(queue, handlers);
    }
    // BullMQ workers block on Redis: they need maxRetriesPerRequest null.
    this.connection = new Redis(options.redisUrl, {
      maxRetriesPerRequest: null,
      lazyConnect: true,
    });
  }

  start(): void {
    for (const [queue, handlers] of this.byQueue) {
      const limiter = this.options.limiters?.[queue];
      const worker = new Worker(
        queue,
        (job: Job) => this.timed(queue, job, () => this.process(handlers, job)),
        {
          connection: this.connection,
          prefix: this.options.prefix,
          concurrency: this.options.concurrency,
          telemetry: jobTelemetry,
          ...(limiter ? { limiter: { max: limiter.max, duration: limiter.durationMs } } : {}),
          ...(this.options.lockDurationMs ? { lockDuration: this.options.lockDurationMs } : {}),
          ...(this.options.stalledIntervalMs
            ? { stalledInterval: this.options.stalledIntervalMs }
            : {}),
        },
      );
      // Without a listener BullMQ prints connection errors to the console; they go to the log.
      worker.on('error', (error) =>
        this.options.logger.error({ queue, err: error.message }, 'worker error'),
      );
      worker.on('failed', (job, error) =>
        this.options.logger.error(
          { queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message },
          'job failed',
        ),
      );
      this.workers.push(worker);
    }
  }

  /** Finishes the jobs in hand (their locks are released), then disconnects. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.connection.disconnect();
  }

  private async timed(queue: string, job: Job, run: () => Promise<void>): Promise<void> {
    const started = process.hrtime.bigint();
    const finished = (outcome: 'completed' | 'failed') =>
      this.options.onJobFinished?.(
        queue,
        job.name,
        Number(process.hrtime.bigint() - started) / 1e9,
        outcome,
      );
    try {
      await run();
      finished('completed');
    } catch (error) {
      finished('failed');
      throw error;
    }
  }

  private async process(handlers: Map<string, JobBinding>, job: Job): Promise<void> {
    const binding = handlers.get(job.name);
    if (!binding) throw new Error(`no handler for job ${job.name}`);
    const payload = binding.definition.schema.parse(job.data);
    await binding.handle(payload, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 });
  }
}
