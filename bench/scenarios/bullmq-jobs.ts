import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { bindJob, defineJob, jobId, JobQueues, JobWorkers } from '@crm/jobs';
import type { BenchContext } from '../context';
import { measure, type Measurement } from '../support';

const greeting = defineJob({
  queue: 'bench-greetings',
  name: 'send-greeting',
  schema: z.object({ contactId: z.string(), occasion: z.string(), year: z.number().int() }).strict(),
  attempts: 3,
  backoffMs: 100,
});

const waitUntil = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
};

/**
 * Scenario 5: schedule N greeting-shaped jobs through libs/jobs (validated payload, deterministic
 * id) and drain them with a no-op handler, against a plain BullMQ queue and a no-op worker.
 */
export async function bullmqJobs(context: BenchContext): Promise<Measurement[]> {
  const count = context.quick ? 5_000 : 100_000;
  const concurrency = 50;
  const retention = { keepCompleted: { ageSeconds: 600, count: 1_000 }, keepFailed: { ageSeconds: 600 } };

  // Raw
  const rawPrefix = `bench-raw-${context.suffix}`;
  const connection = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
  const rawQueue = new Queue('bench-greetings', { connection, prefix: rawPrefix });
  let rawDone = 0;
  let started = performance.now();
  for (let index = 0; index < count; index += 1) {
    await rawQueue.add('send-greeting', { contactId: `k${index}`, occasion: 'birthday', year: 2026 }, {
      removeOnComplete: { age: 600, count: 1_000 },
    });
  }
  const rawScheduleSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const rawWorker = new Worker('bench-greetings', async () => void (rawDone += 1), { connection, prefix: rawPrefix, concurrency });
  await waitUntil(() => rawDone >= count);
  const rawDrainSeconds = (performance.now() - started) / 1000;
  await rawWorker.close();
  await rawQueue.obliterate({ force: true });
  await rawQueue.close();

  // Ours
  const prefix = `bench-${context.suffix}`;
  const queues = new JobQueues({ redisUrl: context.redisUrl, prefix, ...retention });
  let done = 0;
  const now = new Date();
  started = performance.now();
  for (let index = 0; index < count; index += 1) {
    await queues.schedule(
      greeting,
      { contactId: `k${index}`, occasion: 'birthday', year: 2026 },
      { jobId: jobId('greeting', `k${index}`, 'birthday', 2026), runAt: now },
      now,
    );
  }
  const scheduleSeconds = (performance.now() - started) / 1000;
  const workers = new JobWorkers([bindJob(greeting, async () => void (done += 1))], {
    redisUrl: context.redisUrl,
    prefix,
    concurrency,
    logger: { error: (details, message) => context.log(`${message} ${JSON.stringify(details)}`) },
  });
  started = performance.now();
  workers.start();
  await waitUntil(() => done >= count);
  const drainSeconds = (performance.now() - started) / 1000;
  await workers.close();
  await queues.queue('bench-greetings').obliterate({ force: true });
  await queues.close();
  connection.disconnect();

  context.log(`bullmq: schedule ${Math.round(count / scheduleSeconds)}/s (raw ${Math.round(count / rawScheduleSeconds)}/s), drain ${Math.round(count / drainSeconds)}/s (raw ${Math.round(count / rawDrainSeconds)}/s)`);
  return [
    measure('5 BullMQ', `schedule ${count.toLocaleString('en-US')} jobs`, 'jobs/s', count / scheduleSeconds, count / rawScheduleSeconds, 'higher_is_better'),
    measure('5 BullMQ', `drain ${count.toLocaleString('en-US')} jobs (no-op, concurrency ${concurrency})`, 'jobs/s', count / drainSeconds, count / rawDrainSeconds, 'higher_is_better'),
  ];
}
