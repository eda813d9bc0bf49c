import type { Queue } from 'bullmq';
import { Gauge, Histogram, register } from 'prom-client';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

const metric = <T>(name: string, create: () => T): T =>
  (register.getSingleMetric(name) as T | undefined) ?? create();

/** Job run time by queue, job name and outcome. */
export const jobDuration = metric(
  'crm_job_duration_seconds',
  () =>
    new Histogram({
      name: 'crm_job_duration_seconds',
      help: 'Time a job took to run, by queue, job name and outcome',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
);

let queuesToReport: () => readonly Queue[] = () => [];

/** Jobs per queue and state, read from Redis when /metrics is scraped. */
const queueJobs = metric(
  'crm_queue_jobs',
  () =>
    new Gauge({
      name: 'crm_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed, completed)',
      labelNames: ['queue', 'state'],
      async collect() {
        this.reset();
        for (const queue of queuesToReport()) {
          try {
            const counts = await queue.getJobCounts(...STATES);
            for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch {
            // Redis down: the gauges stay empty and /health/ready reports it.
          }
        }
      },
    }),
);

export function reportQueues(queues: () => readonly Queue[]): void {
  queuesToReport = queues;
  void queueJobs;
}
