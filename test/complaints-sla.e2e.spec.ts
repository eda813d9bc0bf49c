import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { MongoEventStore } from '@crm/event-store';
import { eventRegistry, Topics } from '@crm/contracts';
import { bindJob, JobQueues, JobWorkers } from '@crm/jobs';
import {
  eventually,
  organizationFile,
  serviceEnv,
  signToken,
  TopicTap,
  testTopic,
  uniqueSuffix,
  UpstreamFeed,
  type RunningService,
} from '@crm/testing';
import {
  complaintSlaDeadlineJob,
  slaJobId,
} from '@apps/complaints/src/complaint/application/sla/complaint-sla.job';
import { RecordSlaBreachHandler } from '@apps/complaints/src/complaint/application/sla/record-sla-breach.handler';
import { knownToComplaints, startComplaints } from './service-support';

const suffix = uniqueSuffix();
/** Long enough for a restart and a few commands on a slow 2-core CI runner to fit before a deadline. */
const FIRST_RESPONSE_MS = 6000;
const CRITICAL_MS = 10_000;
const jobsPrefix = `test-${suffix}`;
/** A handler, their team lead and the lead's head of service, as the organization directory has them. */
const handler = `handler-${suffix}`;
const lead = `lead-${suffix}`;
const head = `head-${suffix}`;
/** Two instances of the service on one database and one Redis, with SLAs of seconds on a 24/7 clock. */
const env = serviceEnv('complaints', suffix, {
  JOBS_PREFIX: jobsPrefix,
  COMPLAINT_FIRST_RESPONSE_SLA: `${FIRST_RESPONSE_MS}ms`,
  COMPLAINT_FIRST_RESPONSE_CLOCK: 'calendar',
  COMPLAINT_RESOLUTION_SLA_CRITICAL: `${CRITICAL_MS}ms`,
  COMPLAINT_RESOLUTION_CLOCK: 'calendar',
  COMPLAINT_ESCALATION_LADDER: 'supervisor,admin,director',
  // Escalating again while unmet is the decider's (unit tests); here each breach escalates once.
  COMPLAINT_ESCALATION_REPEAT: '1h',
  // The customer's answer is awaited an hour at most, far beyond these tests.
  COMPLAINT_CUSTOMER_WAIT_LIMIT: '1h',
  ORGANIZATION_FILE: organizationFile(
    [`sla-${suffix}`],
    [
      { id: head, roles: ['supervisor'] },
      { id: lead, roles: ['supervisor'], supervisor: head },
      { id: handler, roles: ['service_agent'], supervisor: lead },
    ],
  ),
});

type Json = Record<string, unknown>;
type TimelineEntry = { sequence: number; type: string; data: Json };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = (instance: string): Promise<RunningService> =>
  startComplaints({ ...env, INSTANCE_ID: `${instance}-${suffix}` });

describe('complaint SLA timers: escalated once per breach, across instances and restarts', () => {
  let first: RunningService;
  let second: RunningService;
  let tap: TopicTap;
  let mongo: MongoClient;
  let queues: JobQueues;
  let agent: string;
  let supervisor: string;
  /** A customer registered on the customers topic and known to complaints (ADR 141). */
  const customerId = uuidv7();
  const feed = new UpstreamFeed(suffix, { origin: 'complaints-sla' });

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    tap = await new TopicTap(testTopic(suffix, Topics.complaints)).open();
    [first, second] = await Promise.all([start('a'), start('b')]);
    queues = new JobQueues({
      redisUrl: env.REDIS_URL,
      prefix: jobsPrefix,
      keepCompleted: { ageSeconds: 60, count: 100 },
      keepFailed: { ageSeconds: 60 },
    });
    agent = await signToken({ sub: `agent-${suffix}`, roles: ['service_agent'] });
    supervisor = await signToken({ sub: `supervisor-${suffix}`, roles: ['supervisor'] });
    await feed.connect();
    await feed.registerCustomer(customerId);
    await knownToComplaints(env.MONGODB_DATABASE, [customerId]);
  });

  afterAll(async () => {
    await Promise.allSettled([first?.stop(), second?.stop(), tap?.close(), feed.disconnect()]);
    await queues.queue(complaintSlaDeadlineJob.queue).obliterate({ force: true });
    await queues.close();
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  const send = async (
    service: RunningService,
    method: string,
    path: string,
    body?: unknown,
    token = agent,
  ) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  const record = async (service: RunningService, severity = 'critical') => {
    const response = await send(service, 'POST', '/complaints', {
      customerId,
      channel: 'phone',
      category: 'product_quality',
      severity,
      description: 'The compressor failed on the first day.',
      customerWords: 'Our cold store is down.',
    });
    expect(response.status).toBe(201);
    return response.body as {
      complaintId: string;
      firstResponseDue: string;
      resolutionDue: string;
    };
  };

  const timeline = async (complaintId: string): Promise<TimelineEntry[]> =>
    (await send(second, 'GET', `/complaints/${complaintId}`)).body['timeline'] as TimelineEntry[];

  const breachesOf = async (complaintId: string) =>
    (await timeline(complaintId)).filter(
      (entry) => entry.type === 'ComplaintSlaBreached' || entry.type === 'ComplaintEscalated',
    );

  it('escalates a critical complaint once per deadline with two instances and a restart in between', async () => {
    const complaint = await record(first);
    // One instance restarts before the first deadline; the other keeps running.
    await first.stop();
    const stoppedAt = Date.now();
    first = await start('a');
    expect(stoppedAt).toBeLessThan(new Date(complaint.firstResponseDue).getTime());

    const escalations = await eventually(
      async () => {
        const found = await breachesOf(complaint.complaintId);
        return found.length >= 4 ? found : undefined;
      },
      { timeoutMs: 40_000, what: 'both deadlines breached' },
    );
    // Wait past the moment any duplicate (a second instance, a retried job) would have landed.
    await sleep(1000);
    expect(await breachesOf(complaint.complaintId)).toEqual(escalations);
    expect(
      escalations.map((entry) => [
        entry.type,
        entry.data['deadlineKind'],
        entry.data['level'] ?? null,
      ]),
    ).toEqual([
      ['ComplaintSlaBreached', 'first_response', null],
      ['ComplaintEscalated', 'first_response', 1],
      ['ComplaintSlaBreached', 'resolution', null],
      ['ComplaintEscalated', 'resolution', 2],
    ]);
    expect(escalations[1]!.data['escalatedTo']).toBe('supervisor');
    expect(escalations[3]!.data['escalatedTo']).toBe('admin');
    expect(escalations[0]!.data).toMatchObject({
      deadline: complaint.firstResponseDue,
      actorId: 'system:complaint-sla',
    });

    const published = await tap.waitFor(
      (entry) => entry.value['subject'] === complaint.complaintId,
      { count: 5 },
    );
    expect(published.map((entry) => entry.value['sequence'])).toEqual([1, 2, 3, 4, 5]);

    const overdue = await eventually(
      async () => {
        const list = await send(
          second,
          'GET',
          `/complaints?overdue=true&severity=critical&limit=500`,
          undefined,
          supervisor,
        );
        const items = list.body['items'] as Json[];
        return items.find(
          (item) => item['complaintId'] === complaint.complaintId && item['escalationLevel'] === 2,
        );
      },
      { timeoutMs: 30_000, what: 'the complaint in the overdue list' },
    );
    expect(overdue).toMatchObject({ overdue: true, status: 'recorded' });
  });

  it('schedules the timers of a complaint whose instance died between the append and scheduling them', async () => {
    const store = new MongoEventStore(mongo.db(env.MONGODB_DATABASE), {
      context: 'complaints',
      registry: eventRegistry,
      newId: uuidv7,
    });
    const complaintId = uuidv7();
    const customerId = `customer-${uniqueSuffix()}`;
    const now = Date.now();
    // The append of a crashed instance: stored (the relay will publish it), no timer in Redis.
    await store.append(
      complaintId,
      0,
      [
        {
          type: 'ComplaintRecorded',
          data: {
            complaintId,
            customerId,
            actorId: 'agent-crashed',
            at: new Date(now).toISOString(),
            channel: 'email',
            category: 'billing',
            severity: 'medium',
            description: 'Invoice charged twice.',
            customerWords: 'Please refund the duplicate charge.',
            firstResponseDue: new Date(now + 1500).toISOString(),
            resolutionDue: new Date(now + 86_400_000).toISOString(),
          },
        },
      ],
      { actorId: 'agent-crashed', correlationId: 'crash', causationId: 'crash', customerId },
    );
    const breaches = await eventually(
      async () => {
        const found = await breachesOf(complaintId);
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the breach of the complaint recorded before the crash' },
    );
    expect(breaches.map((entry) => [entry.type, entry.data['deadlineKind']])).toEqual([
      ['ComplaintSlaBreached', 'first_response'],
      ['ComplaintEscalated', 'first_response'],
    ]);
  });

  it('lets exactly one of many racing timer runs append the breach (two JobWorkers, two instances)', async () => {
    const complaint = await record(first, 'low');
    const handlers = [first, second].map((service) => service.app.get(RecordSlaBreachHandler));
    // Duplicate timers for the same deadline on a private queue prefix, run by two workers at once.
    const racePrefix = `race-${suffix}`;
    const outcomes: string[] = [];
    const workers = handlers.map(
      (handler) =>
        new JobWorkers(
          [
            bindJob(complaintSlaDeadlineJob, async (payload, context) => {
              outcomes.push(await handler.execute(payload, context.jobId));
            }),
          ],
          {
            redisUrl: env.REDIS_URL,
            prefix: racePrefix,
            concurrency: 4,
            logger: { error: () => undefined },
          },
        ),
    );
    const raceQueues = new JobQueues({
      redisUrl: env.REDIS_URL,
      prefix: racePrefix,
      keepCompleted: { ageSeconds: 60, count: 100 },
      keepFailed: { ageSeconds: 60 },
    });
    try {
      const payload = {
        complaintId: complaint.complaintId,
        kind: 'first_response' as const,
        deadline: complaint.firstResponseDue,
      };
      const runAt = new Date(complaint.firstResponseDue);
      for (let copy = 0; copy < 6; copy += 1) {
        await raceQueues.schedule(complaintSlaDeadlineJob, payload, {
          jobId: `dup-${copy}`,
          runAt,
        });
      }
      workers.forEach((worker) => worker.start());
      await eventually(async () => (outcomes.length === 6 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'all six runs',
      });
      const breaches = (await breachesOf(complaint.complaintId)).filter(
        (entry) => entry.data['deadlineKind'] === 'first_response',
      );
      expect(breaches.map((entry) => entry.type)).toEqual([
        'ComplaintSlaBreached',
        'ComplaintEscalated',
      ]);
      // The service's own timer races too (its consumer re-schedules it): at most one run of all wins.
      expect(outcomes.filter((outcome) => outcome === 'escalated').length).toBeLessThanOrEqual(1);
      expect(
        outcomes.filter((outcome) => outcome === 'not-breached').length,
      ).toBeGreaterThanOrEqual(5);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await raceQueues.queue(complaintSlaDeadlineJob.queue).obliterate({ force: true });
      await raceQueues.close();
    }
  });

  it('never escalates a deadline met just before it passed, even if its timer fires', async () => {
    const complaint = await record(first, 'low');
    const due = new Date(complaint.firstResponseDue).getTime();
    const queue = queues.queue(complaintSlaDeadlineJob.queue);
    const id = slaJobId(complaint.complaintId, 'first_response', complaint.firstResponseDue);
    expect(await queue.getJob(id)).toBeDefined();

    await sleep(Math.max(0, due - Date.now() - 2000));
    const validated = await send(second, 'POST', `/complaints/${complaint.complaintId}/validate`, {
      wellFounded: true,
    });
    expect(validated.status).toBe(200);
    expect(Date.now()).toBeLessThan(due);

    // A timer already in flight when the step landed: the re-check finds the deadline met.
    await sleep(Math.max(0, due - Date.now() + 50));
    const handler = first.app.get(RecordSlaBreachHandler);
    const payload = {
      complaintId: complaint.complaintId,
      kind: 'first_response' as const,
      deadline: complaint.firstResponseDue,
    };
    expect(await handler.execute(payload, 'late-timer')).toBe('not-breached');
    // Whatever became of the scheduled timer (cancelled, or run and found nothing to do): no breach.
    await eventually(
      async () => {
        const job = await queue.getJob(id);
        return job === undefined || (await job.isCompleted()) ? true : undefined;
      },
      { what: 'the timer cancelled or done' },
    );
    expect(await breachesOf(complaint.complaintId)).toEqual([]);
  });

  it('D7: escalates again after the first breach while unmet, up the directory from the handler', async () => {
    const { complaintId, resolutionDue } = await record(first, 'low');
    for (const [step, body] of [
      ['validate', { wellFounded: true }],
      ['assign', { department: 'service', handlerId: handler, causeAnalysis: 'Faulty batch.' }],
    ] as const) {
      expect((await send(first, 'POST', `/complaints/${complaintId}/${step}`, body)).status).toBe(
        200,
      );
    }
    // The timers run with the clock fixed at the instant they watch: the deadline ten days ahead,
    // then each re-escalation an interval (here 1h) later.
    const breaches = second.app.get(RecordSlaBreachHandler);
    const fire = (deadline: string, run: number) =>
      breaches.execute(
        { complaintId, kind: 'resolution', deadline },
        `repeat-${complaintId}-${run}`,
        () => new Date(deadline),
      );
    const resolutionOf = async () =>
      ((await send(second, 'GET', `/complaints/${complaintId}`)).body['deadlines'] as Json)[
        'resolution'
      ] as { breachedAt: string | null; nextEscalationAt: string | null };
    expect(await fire(resolutionDue, 1)).toBe('escalated');
    for (let run = 2; run <= 3; run += 1) {
      const { nextEscalationAt } = await resolutionOf();
      expect(new Date(nextEscalationAt!).getTime()).toBe(
        new Date(resolutionDue).getTime() + (run - 1) * 3_600_000,
      );
      expect(await fire(nextEscalationAt!, run)).toBe('escalated');
    }
    const escalations = (await breachesOf(complaintId)).filter(
      (entry) => entry.data['deadlineKind'] === 'resolution',
    );
    expect(escalations.map((entry) => entry.type)).toEqual([
      'ComplaintSlaBreached',
      'ComplaintEscalated',
      'ComplaintEscalated',
      'ComplaintEscalated',
    ]);
    const escalated = escalations.slice(1).map((entry) => entry.data);
    const levels = escalated.map((data) => data['level'] as number);
    // Levels count every escalation of the complaint (a first response breached under load too).
    expect(levels).toEqual([levels[0], levels[0]! + 1, levels[0]! + 2]);
    const line = [lead, head];
    expect(escalated.map((data) => data['escalatedTo'])).toEqual(
      levels.map((level) => line[Math.min(level, line.length) - 1]),
    );
    expect(escalated.at(-1)!['escalatedTo']).toBe(head);
    // A timer of an instant already handled changes nothing.
    expect(await fire(resolutionDue, 4)).toBe('not-breached');
  });

  it('pauses the resolution clock while the customer is asked and resumes it on their answer', async () => {
    const complaint = await record(first);
    const { complaintId } = complaint;
    const walk: [string, Json, string][] = [
      ['validate', { wellFounded: true }, agent],
      [
        'assign',
        { department: 'service', handlerId: 'agent-9', causeAnalysis: 'Faulty batch.' },
        agent,
      ],
      ['propose', { plan: 'replace', description: 'Replace the compressor.', cost: 900 }, agent],
      ['approve', {}, supervisor],
      ['notify-customer', { channel: 'phone' }, agent],
    ];
    for (const [step, body, token] of walk) {
      expect(
        (await send(first, 'POST', `/complaints/${complaintId}/${step}`, body, token)).status,
      ).toBe(200);
    }
    const queue = queues.queue(complaintSlaDeadlineJob.queue);
    expect(
      await queue.getJob(slaJobId(complaintId, 'resolution', complaint.resolutionDue)),
    ).toBeUndefined();
    const paused = await send(second, 'GET', `/complaints/${complaintId}`);
    const waiting = (paused.body['deadlines'] as Record<string, Json>)['resolution']!;
    expect(waiting).toMatchObject({
      pausedRemainingMs: expect.any(Number),
      pausedUntil: expect.any(String),
    });
    // D7: the wait is limited; the deadline it leads to if the customer stays silent is watched.
    expect(new Date(waiting['due'] as string).getTime()).toBeGreaterThan(
      new Date(waiting['pausedUntil'] as string).getTime(),
    );
    expect(paused.body['dueToAct']).toMatchObject({ party: 'customer' });

    // The original deadline passes while the customer thinks it over: no breach.
    await sleep(Math.max(0, new Date(complaint.resolutionDue).getTime() - Date.now() + 300));
    expect(await breachesOf(complaintId)).toEqual([]);

    const answered = await send(second, 'POST', `/complaints/${complaintId}/customer-response`, {
      agreed: true,
    });
    expect(answered.status).toBe(200);
    const resumed = (await send(second, 'GET', `/complaints/${complaintId}`)).body['deadlines'] as {
      resolution: { due: string; pausedRemainingMs: number | null };
    };
    expect(resumed.resolution.pausedRemainingMs).toBeNull();
    expect(new Date(resumed.resolution.due).getTime()).toBeGreaterThan(
      new Date(complaint.resolutionDue).getTime(),
    );

    const breaches = await eventually(
      async () => {
        const found = await breachesOf(complaintId);
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the resumed deadline breached' },
    );
    expect(breaches[0]).toMatchObject({
      type: 'ComplaintSlaBreached',
      data: { deadlineKind: 'resolution', deadline: resumed.resolution.due },
    });
  });
});
