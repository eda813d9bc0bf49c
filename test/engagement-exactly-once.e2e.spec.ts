import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import { Topics } from '@crm/contracts';
import { JobQueues } from '@crm/jobs';
import { eventually, testTopic, TopicTap, uniqueSuffix, UpstreamFeed } from '@crm/testing';
import { engagementEnv } from './engagement-support';

const root = join(__dirname, '..');
const main = join(root, 'dist/apps/analytics/src/main.js');
const suffix = uniqueSuffix();
const jobsPrefix = `test-${suffix}`;

interface Delivery {
  readonly key: string;
  readonly instance: string;
  readonly answer: 'held' | 503 | 200;
}

/**
 * The greeting receiver: a real HTTP server. The first request of a greeting is held unanswered
 * (its sender is then killed mid-job), the second gets 503 (the webhook is retried), later ones 200.
 */
class Receiver {
  readonly deliveries: Delivery[] = [];
  private readonly held: ServerResponse[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on('end', () => {
        const key = String(request.headers['idempotency-key'] ?? '');
        const instance = String(request.headers['x-crm-instance'] ?? '');
        const seen = this.deliveries.filter((delivery) => delivery.key === key).length;
        const answer = seen === 0 ? 'held' : seen === 1 ? 503 : 200;
        this.deliveries.push({ key, instance, answer });
        if (answer === 'held') this.held.push(response);
        else response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/greetings`;
  }

  accepted(key: string): number {
    return this.deliveries.filter((delivery) => delivery.key === key && delivery.answer === 200)
      .length;
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const freePort = async (): Promise<number> => {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

/** One analytics instance as a real process (from dist/), so it can be killed outright. */
class Instance {
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly port: number,
  ) {}

  start(env: Record<string, string>): void {
    this.process = spawn(process.execPath, [main], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, ...env, INSTANCE_ID: this.id, PORT: String(this.port) },
    });
    this.exited = new Promise((resolve) => this.process!.on('exit', () => resolve()));
  }

  async ready(): Promise<void> {
    await eventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`).catch(
          () => undefined,
        );
        return response?.status === 200 ? true : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 250, what: `instance ${this.id} ready` },
    );
  }

  metrics(): Promise<string> {
    return fetch(`http://127.0.0.1:${this.port}/metrics`).then((response) => response.text());
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.process?.exitCode === null) this.process.kill(signal);
    await this.exited;
  }
}

describe('greetings are sent once per occasion: two scheduler instances, a worker killed mid-job, a retried webhook', () => {
  const receiver = new Receiver();
  const feed = new UpstreamFeed(suffix, { origin: 'engagement-test' });
  let tap: TopicTap;
  let queues: JobQueues;
  let instances: Instance[] = [];

  beforeAll(async () => {
    if (!existsSync(main))
      throw new Error('dist/ is missing: npm test builds it first (or run npm run build)');
    const url = await receiver.start();
    await feed.connect();
    tap = await new TopicTap(testTopic(suffix, Topics.engagement)).open();
    queues = new JobQueues({
      redisUrl: process.env['REDIS_URL']!,
      prefix: jobsPrefix,
      keepCompleted: { ageSeconds: 60, count: 100 },
      keepFailed: { ageSeconds: 60 },
    });
    const env = engagementEnv(suffix, {
      // Greetings at 00:00 local: a birthday today is due at once (late the same day).
      GREETING_LOCAL_HOUR: '0',
      GREETING_WEBHOOK_URL: url,
      GREETING_DELIVERY_TIMEOUT: '60s',
      GREETING_ATTEMPTS: '5',
      GREETING_BACKOFF: '200ms',
      // A dead worker's job is recovered within seconds.
      ENGAGEMENT_JOB_LOCK: '2s',
      ENGAGEMENT_STALLED_CHECK: '1s',
      LOG_LEVEL: 'silent',
    });
    instances = [
      new Instance(`a-${suffix}`, await freePort()),
      new Instance(`b-${suffix}`, await freePort()),
    ];
    for (const instance of instances) instance.start(env);
    await Promise.all(instances.map((instance) => instance.ready()));
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.kill('SIGTERM')));
    await queues?.close();
    await feed.disconnect();
    await tap?.close();
    await receiver.stop();
  });

  it('delivers one greeting to the receiver and records GreetingSent once', async () => {
    const customerId = uuidv7();
    const contactId = uuidv7();
    const today = DateTime.utc().toISODate()!;
    const birthday = `1985-${today.slice(5)}`;
    const greetingId = `gr-${contactId}-birthday-${today.slice(0, 4)}`;
    const contact = {
      name: 'Zhou Min',
      birthday: birthday === '1985-02-29' ? '1984-02-29' : birthday,
      timeZone: 'UTC',
    };
    // The same contact arrives twice (a replay): both instances may plan it; one job results.
    for (let copy = 0; copy < 2; copy += 1) {
      await feed.publish('customers', 'ContactAdded', customerId, customerId, {
        customerId,
        contactId,
        contact,
        addedAt: new Date().toISOString(),
      });
    }

    // The first delivery is held: its sender is mid-job. Kill that process outright.
    const first = await eventually(
      async () => receiver.deliveries.find((delivery) => delivery.key === greetingId),
      { timeoutMs: 30_000, what: 'the first delivery attempt' },
    );
    const victim = instances.find((instance) => instance.id === first.instance)!;
    expect(victim).toBeDefined();
    await victim.kill('SIGKILL');
    const survivor = instances.find((instance) => instance !== victim)!;

    // The survivor recovers the stalled job; the webhook answers 503 once, then 200.

    const [sent] = await tap.waitFor(
      (record) =>
        record.value['type'] === 'crm.engagement.GreetingSent.v1' &&
        record.value['subject'] === greetingId,
      { timeoutMs: 30_000 },
    );
    expect(receiver.accepted(greetingId)).toBe(1);
    expect(
      receiver.deliveries.filter((delivery) => delivery.key === greetingId).map((d) => d.answer),
    ).toEqual(['held', 503, 200]);
    expect(receiver.deliveries.at(-1)!.instance).toBe(survivor.id);
    expect((sent!.value['data'] as Record<string, unknown>)['channel']).toBe('webhook');

    // A duplicate job for the same occasion (a scheduler that double-fires) does not send again.
    const job = await queues.queue('engagement-greeting-webhook').add(
      'deliver-greeting',
      {
        greetingId,
        customerId,
        contactId,
        occasion: 'birthday',
        year: Number(today.slice(0, 4)),
        channel: 'webhook',
        scheduledFor: (sent!.value['data'] as Record<string, string>)['sentAt'],
      },
      { jobId: `duplicate-${suffix}` },
    );
    await eventually(async () => ((await job.getState()) === 'completed' ? true : undefined), {
      what: 'the duplicate job to run',
    });
    expect(receiver.accepted(greetingId)).toBe(1);
    expect(
      tap.records.filter((record) => record.value['type'] === 'crm.engagement.GreetingSent.v1'),
    ).toHaveLength(1);
    expect(
      tap.records.filter((record) => record.value['type'] === 'crm.engagement.GreetingFailed.v2'),
    ).toHaveLength(0);

    // However many instances started, one sweep schedule exists (fixed id).
    expect(await queues.queue('engagement-sweeps').getJobSchedulers()).toHaveLength(1);
    // The survivor's /metrics counts the queue and times the jobs.
    const metrics = await survivor.metrics();
    expect(metrics).toMatch(
      /crm_queue_jobs\{[^}]*queue="engagement-greeting-webhook"[^}]*state="completed"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(
      /crm_job_duration_seconds_count\{[^}]*queue="engagement-greeting-webhook"/,
    );
  });
});
