import { MongoClient } from 'mongodb';
import { Topics } from '@crm/contracts';
import { JobQueues } from '@crm/jobs';
import {
  visitMissedCheck,
  visitMissedCheckId,
} from '@apps/visits/src/visit/application/visit.jobs';
import { eventually, testTopic, TopicTap, uniqueSuffix, type RunningService } from '@crm/testing';
import { MarkVisitMissedHandler } from '@apps/visits/src/visit/application/mark-visit-missed/mark-visit-missed.handler';
import { endOfDay } from '@crm/calendar';
import {
  CATCH_UP_MS,
  caller,
  startVisits,
  today,
  UpstreamEvents,
  visitsEnv,
} from './visits-test-kit';

/**
 * Acceptance 2: a visit not completed by the end of its day becomes missed exactly once, with two
 * visits instances running the scheduler (their job workers share one queue) at the same time.
 */
describe('missed visits with two visits instances', () => {
  const suffix = uniqueSuffix();
  const dueInMs = 12_000;
  const baseEnv = visitsEnv(suffix);
  let env: Record<string, string> = baseEnv;
  const region = `north-${suffix}`;
  const rep = `rep-${suffix}`;
  const customers: string[] = [];
  let first: RunningService;
  let second: RunningService;
  let upstream: UpstreamEvents;
  let tap: TopicTap;
  let mongo: MongoClient;

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    upstream = new UpstreamEvents(suffix);
    await upstream.connect();
    // A first instance learns the customers (its fresh group reads the whole customers topic),
    // so the timed part below does not depend on how long that takes.
    const warmUp = await startVisits(baseEnv);
    try {
      customers.push(
        await upstream.registerCustomer({ ownerId: rep, region }),
        await upstream.registerCustomer({ ownerId: rep, region }),
      );
      const directory = mongo.db(baseEnv.MONGODB_DATABASE).collection('visit_customers');
      await eventually(
        async () =>
          (await directory.countDocuments({ region })) === customers.length ? true : undefined,
        { timeoutMs: CATCH_UP_MS, what: 'the customers known' },
      );
    } finally {
      await warmUp.stop();
    }
    // The day "ends" a few seconds from now: the check runs then, not at midnight (no long sleeps).
    const offsetMs = Date.now() + dueInMs - endOfDay(today(), 'UTC').getTime();
    env = { ...baseEnv, VISITS_MISSED_END_OF_DAY_OFFSET_MS: String(offsetMs) };
    [first, second, tap] = await Promise.all([
      startVisits({ ...env, INSTANCE_ID: `visits-a-${suffix}` }),
      startVisits({ ...env, INSTANCE_ID: `visits-b-${suffix}` }),
      new TopicTap(testTopic(suffix, Topics.visits)).open(),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled([first?.stop(), second?.stop(), tap?.close(), upstream?.disconnect()]);
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  const commits = () => mongo.db(env.MONGODB_DATABASE).collection('event_commits');
  const missedEventsOf = async (visitId: string) =>
    (await commits().find({ stream: visitId }).toArray()).flatMap((commit) =>
      (commit['events'] as { type: string }[]).filter((event) => event.type === 'VisitMissed'),
    );

  it('marks a still-planned visit missed once after its day; a completed one never; a rescheduled one moves its check', async () => {
    const customerId = customers[0]!;
    const viaFirst = await caller(() => first, { sub: rep, roles: ['sales_rep'] });
    const viaSecond = await caller(() => second, { sub: rep, roles: ['sales_rep'] });
    const planToday = async (via: typeof viaFirst) =>
      eventually(
        async () => {
          const response = await via.post('/visits', {
            customerId,
            plannedDate: today(),
            channel: 'phone',
            purpose: 'Check-in',
          });
          return response.status === 201 ? (response.body['visitId'] as string) : undefined;
        },
        { what: 'the customer known and the visit planned' },
      );
    const forgotten = await planToday(viaFirst);
    const done = await planToday(viaSecond);
    const moved = await planToday(viaFirst);
    expect(
      (await viaSecond.post(`/visits/${done}/complete`, { outcome: 'Call done', feedbackScore: 3 }))
        .status,
    ).toBe(200);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(
      (await viaSecond.post(`/visits/${moved}/reschedule`, { plannedDate: tomorrow })).status,
    ).toBe(200);

    // Completing removed the check; rescheduling booked the new day's and removed the old one.
    const queues = new JobQueues({
      redisUrl: env['REDIS_URL']!,
      prefix: env['JOBS_PREFIX']!,
      keepCompleted: { ageSeconds: 60, count: 100 },
      keepFailed: { ageSeconds: 60 },
    });
    try {
      const queue = queues.queue(visitMissedCheck.queue);
      expect(await queue.getJob(visitMissedCheckId(done, today()))).toBeUndefined();
      expect(await queue.getJob(visitMissedCheckId(moved, today()))).toBeUndefined();
      expect(await (await queue.getJob(visitMissedCheckId(moved, tomorrow)))?.getState()).toBe(
        'delayed',
      );
      expect(await (await queue.getJob(visitMissedCheckId(forgotten, today())))?.getState()).toBe(
        'delayed',
      );
    } finally {
      await queues.close();
    }

    // Before the end of the day: still planned.
    expect((await viaFirst.get(`/visits/${forgotten}`)).body).toMatchObject({ status: 'planned' });

    const [record] = await tap.waitFor(
      (r) => r.value['type'] === 'crm.visits.VisitMissed.v1' && r.value['subject'] === forgotten,
      { timeoutMs: dueInMs + 15_000 },
    );
    expect(record!.value).toMatchObject({
      customerid: customerId,
      actorid: 'system:visit-missed-check',
    });
    expect((await viaSecond.get(`/visits/${forgotten}`)).body).toMatchObject({ status: 'missed' });

    // Both instances' workers had their chance; give a stray duplicate time to show up, then count.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await missedEventsOf(forgotten)).toHaveLength(1);
    expect(
      tap.records.filter(
        (r) => r.value['type'] === 'crm.visits.VisitMissed.v1' && r.value['subject'] === forgotten,
      ),
    ).toHaveLength(1);
    expect(await missedEventsOf(done)).toHaveLength(0);
    expect(await missedEventsOf(moved)).toHaveLength(0);
    expect((await viaFirst.get(`/visits/${moved}`)).body).toMatchObject({
      status: 'planned',
      plannedDate: tomorrow,
    });

    await eventually(
      async () => {
        const list = await viaFirst.get(`/visits?customerId=${customerId}&status=missed`);
        return (list.body['items'] as unknown[]).length === 1 ? true : undefined;
      },
      { what: 'the missed visit in the list' },
    );
  });

  it('appends VisitMissed once when both instances check the same visit concurrently, many times', async () => {
    const customerId = customers[1]!;
    const viaFirst = await caller(() => first, { sub: rep, roles: ['sales_rep'] });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const visitId = await eventually(
      async () => {
        const response = await viaFirst.post('/visits', {
          customerId,
          plannedDate: yesterday,
          channel: 'wechat',
          purpose: 'Late log',
        });
        return response.status === 201 ? (response.body['visitId'] as string) : undefined;
      },
      { what: 'the visit planned' },
    );
    const handlers = [first, second].map((instance) => instance.app.get(MarkVisitMissedHandler));
    // Its own job (due at once) races these too.
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        handlers[index % 2]!.execute(visitId, `race-${index}`),
      ),
    );
    await tap.waitFor(
      (r) => r.value['type'] === 'crm.visits.VisitMissed.v1' && r.value['subject'] === visitId,
    );
    expect(outcomes.filter((outcome) => outcome === 'missed').length).toBeLessThanOrEqual(1);
    expect(await missedEventsOf(visitId)).toHaveLength(1);
    const stored = await commits().find({ stream: visitId }).sort({ from: 1 }).toArray();
    expect(
      stored.flatMap((commit) =>
        (commit['events'] as { sequence: number }[]).map((event) => event.sequence),
      ),
    ).toEqual([1, 2]);
  });
});
