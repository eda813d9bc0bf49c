import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Topics } from '@crm/contracts';
import { eventually, serviceEnv, signToken, testTopic, TopicTap, uniqueSuffix } from '@crm/testing';

const root = join(__dirname, '..');
const main = join(root, 'dist/apps/customers/src/main.js');
const GRACE_MS = 15_000;
const READINESS_DELAY_MS = 800;
const CLIENTS = 6;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface Outcome {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status?: number;
  readonly error?: string;
  readonly customerId?: string;
}

/** One HTTP/1.1 request on a keep-alive agent; a connection reset is an outcome, not a throw. */
const send = (agent: Agent, port: number, method: string, path: string, token: string, body?: unknown) =>
  new Promise<Outcome>((resolve) => {
    const startedAt = Date.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let customerId: string | undefined;
          try {
            customerId = (JSON.parse(text) as { customerId?: string }).customerId;
          } catch {
            customerId = undefined;
          }
          resolve({ startedAt, endedAt: Date.now(), status: response.statusCode ?? 0, customerId });
        });
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ startedAt, endedAt: Date.now(), error: error.code ?? error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ startedAt, endedAt: Date.now(), error: error.code ?? error.message }),
    );
    req.end(payload);
  });

/** A real process, a real SIGTERM, in the middle of a stream of commands on keep-alive connections. */
describe('graceful shutdown (SIGTERM under load)', () => {
  const suffix = uniqueSuffix();
  const env = serviceEnv('customers', suffix, {
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    SHUTDOWN_READINESS_DELAY_MS: String(READINESS_DELAY_MS),
    LOG_LEVEL: 'warn',
  });
  let tap: TopicTap;
  let service: ChildProcess | undefined;
  let stderr = '';

  beforeAll(async () => {
    if (!existsSync(main)) throw new Error('dist/ is missing: npm test builds it first (or run npm run build)');
    tap = await new TopicTap(testTopic(suffix, Topics.customers)).open();
  });

  afterAll(async () => {
    if (service && service.exitCode === null && service.signalCode === null) service.kill('SIGKILL');
    await tap?.close();
    const mongo = await MongoClient.connect(env.MONGODB_URI);
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  it('finishes every request begun before the signal, publishes each event once, and exits 0 in time', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [main], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    service = child;
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    const token = await signToken({ sub: 'ops-shutdown', roles: ['admin'] });
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    await eventually(
      async () => {
        const ready = await send(agent, port, 'GET', '/health/ready', token);
        return ready.status === 200 ? true : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 200, what: `the service on ${port} to be ready (${stderr})` },
    );

    const outcomes: Outcome[] = [];
    let gone = false;
    const client = async (index: number) => {
      for (let n = 0; !gone; n += 1) {
        const outcome = await send(agent, port, 'POST', '/customers', token, {
          name: `Shutdown ${suffix} ${index}-${n}`,
          nature: 'individual',
          region: 'north',
          ownerId: 'rep-9',
        });
        outcomes.push(outcome);
        // Refused: the server has stopped listening. Nothing more to send.
        if (outcome.error === 'ECONNREFUSED') return;
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));

    // Let the load run until commands are flowing, then signal with requests in flight.
    await eventually(async () => (outcomes.filter((o) => o.status === 201).length >= 20 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'twenty commands under load',
    });
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    // While draining it says it is not ready, so a load balancer stops routing to it.
    const probe = new Agent({ keepAlive: false });
    const notReady = eventually(
      async () => ((await send(probe, port, 'GET', '/health/ready', token)).status === 503 ? true : undefined),
      { timeoutMs: READINESS_DELAY_MS, intervalMs: 20, what: 'readiness 503 while draining' },
    ).catch((error: unknown) => String(error));

    const exit = await exited;
    expect(await notReady).toBe(true);
    gone = true;
    await load;
    agent.destroy();

    // Exit 0, within the grace period.
    expect({ code: exit.code, signal: exit.signal, stderr: exit.code === 0 ? '' : stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    expect(exit.at - signalledAt).toBeLessThan(GRACE_MS);

    // Every request begun before the signal got its answer: no reset, no error.
    const before = outcomes.filter((o) => o.startedAt < signalledAt);
    const inFlight = before.filter((o) => o.endedAt >= signalledAt);
    expect(before.filter((o) => o.error !== undefined || o.status !== 201)).toEqual([]);
    expect(inFlight.length).toBeGreaterThan(0);

    // Every acknowledged command's event is on the topic, exactly once (the outbox drained before exit).
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.customerId!);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    const registered = (record: { value: Record<string, unknown> }) =>
      record.value['type'] === 'crm.customers.CustomerRegistered.v2';
    await tap.waitFor(registered, { count: acknowledged.length, timeoutMs: 15_000 });
    const published = tap.records.filter(registered).map((record) => String(record.value['subject']));
    const counts = new Map<string, number>();
    for (const id of published) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(acknowledged.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect([...counts.values()].filter((count) => count !== 1)).toEqual([]);
  });
});
