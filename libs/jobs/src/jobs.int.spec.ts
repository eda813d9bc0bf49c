import { z } from 'zod';
import { eventually, uniqueSuffix } from '@crm/testing';
import { bindJob, defineJob, jobId } from './job-definition';
import { JobQueues } from './job-queues';
import { JobWorkers } from './job-workers';

const ping = defineJob({
  queue: 'test-jobs',
  name: 'ping',
  schema: z.object({ target: z.string() }).strict(),
  attempts: 3,
  backoffMs: 10,
});

describe('jobs on real Redis', () => {
  const prefix = `test-${uniqueSuffix()}`;
  const redisUrl = process.env['REDIS_URL']!;
  const retention = {
    keepCompleted: { ageSeconds: 60, count: 100 },
    keepFailed: { ageSeconds: 60 },
  };
  let queues: JobQueues;

  beforeAll(() => {
    queues = new JobQueues({ redisUrl, prefix, ...retention });
  });
  afterAll(() => queues.close());

  it('keeps one job per deterministic id, moves and cancels it', async () => {
    const id = jobId('ping', 'a:b', 2026);
    expect(id).not.toContain(':');
    const later = new Date(Date.now() + 60_000);
    await queues.schedule(ping, { target: 'a' }, { jobId: id, runAt: later });
    await queues.schedule(ping, { target: 'a' }, { jobId: id, runAt: later });
    expect(await queues.queue('test-jobs').getDelayedCount()).toBe(1);

    await queues.reschedule(
      ping,
      { target: 'a' },
      { jobId: id, runAt: new Date(Date.now() + 120_000) },
    );
    const moved = await queues.queue('test-jobs').getJob(id);
    expect(moved?.opts.delay).toBeGreaterThan(60_000);

    expect(await queues.cancel(ping, id)).toBe(true);
    expect(await queues.queue('test-jobs').getDelayedCount()).toBe(0);
    expect(await queues.cancel(ping, id)).toBe(false);
  });

  it("waits from the service clock's now to runAt, however far that clock is from the system time", async () => {
    const startsAt = Date.parse('2031-05-04T01:02:03Z');
    const offset = startsAt - Date.now();
    const onServiceClock = new JobQueues({
      redisUrl,
      prefix,
      ...retention,
      now: () => new Date(Date.now() + offset),
    });
    try {
      const id = jobId('ping', 'clock', 2031);
      await onServiceClock.schedule(
        ping,
        { target: 'clock' },
        { jobId: id, runAt: new Date(startsAt + 90_000) },
      );
      const delay = (await onServiceClock.queue('test-jobs').getJob(id))?.opts.delay;
      // 90 s after the clock started, less what has passed since: not five years.
      expect(delay).toBeLessThanOrEqual(90_000);
      expect(delay).toBeGreaterThan(80_000);
      await onServiceClock.cancel(ping, id);
    } finally {
      await onServiceClock.close();
    }
  });

  it('refuses a payload that does not match the job schema', async () => {
    await expect(
      queues.schedule(ping, { target: 7 } as never, { jobId: 'bad', runAt: new Date() }),
    ).rejects.toThrow();
  });

  it('runs due jobs through their binding, retrying a failure', async () => {
    const seen: string[] = [];
    let failures = 0;
    const workers = new JobWorkers(
      [
        bindJob(ping, async (payload, context) => {
          if (payload.target === 'flaky' && failures === 0) {
            failures += 1;
            throw new Error('first attempt fails');
          }
          seen.push(`${payload.target}@${context.attempt}`);
        }),
      ],
      { redisUrl, prefix, concurrency: 2, logger: { error: () => undefined } },
    );
    workers.start();
    try {
      await queues.schedule(ping, { target: 'now' }, { jobId: 'run-now', runAt: new Date() });
      await queues.schedule(ping, { target: 'flaky' }, { jobId: 'run-flaky', runAt: new Date() });
      await eventually(async () => (seen.length === 2 ? true : undefined), { what: 'both jobs' });
      expect(seen.sort()).toEqual(['flaky@2', 'now@1']);
    } finally {
      await workers.close();
    }
  });

  it('refuses two handlers for one job at boot', () => {
    const handler = async () => undefined;
    expect(
      () =>
        new JobWorkers([bindJob(ping, handler), bindJob(ping, handler)], {
          redisUrl,
          prefix,
          concurrency: 1,
          logger: { error: () => undefined },
        }),
    ).toThrow(/two handlers/);
  });
});
