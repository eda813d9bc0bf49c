import { JobQueues } from '@crm/jobs';

/** Removes a test's BullMQ queues (jobs, schedulers, keys): timers would otherwise wait in Redis. */
export async function removeJobQueues(
  redisUrl: string,
  prefix: string,
  queues: readonly string[],
): Promise<void> {
  const jobQueues = new JobQueues({
    redisUrl,
    prefix,
    keepCompleted: { ageSeconds: 1, count: 1 },
    keepFailed: { ageSeconds: 1 },
  });
  try {
    for (const queue of queues) await jobQueues.queue(queue).obliterate({ force: true });
  } finally {
    await jobQueues.close();
  }
}
