import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import {
  serviceEnv,
  signToken,
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  TEST_JWT_SECRET,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { demoCustomers } from '../bench/generator';
import { startAnalytics, startComplaints, startCustomers, startVisits } from './service-support';

/**
 * `npm run demo` and `npm run bench` exactly as a user types them (compile included), so neither
 * command can stop compiling or running unnoticed. The services run on their own databases, topics
 * and free ports; the commands get their URLs the way a user would pass them.
 */
const root = join(__dirname, '..');
const suffix = uniqueSuffix();
/** The demo signs its tokens like `npm run token`: with the secret, issuer and audience the services check. */
const demoTokenSettings = {
  JWT_SECRET: TEST_JWT_SECRET,
  JWT_ISSUER: TEST_JWT_ISSUER,
  JWT_AUDIENCE: TEST_JWT_AUDIENCE,
};
const envs = {
  customers: serviceEnv('customers', suffix),
  visits: serviceEnv('visits', suffix, { JOBS_PREFIX: `test-${suffix}` }),
  complaints: serviceEnv('complaints', suffix, { JOBS_PREFIX: `test-${suffix}` }),
  analytics: serviceEnv('analytics', suffix),
};
const CUSTOMERS = 20;
const SEED = 11;
/** A command, with the compile it starts, on a 2-core machine shared with the other suites. */
const COMMAND_TIMEOUT_MS = 480_000;

interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

const running = new Set<number>();

/** Runs one shell command line in the repository, as typed in a terminal. */
function shell(command: string, env: Record<string, string> = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], {
      cwd: root,
      detached: true,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid) running.add(child.pid);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (child.pid) running.delete(child.pid);
      resolve({ code, output });
    });
  });
}

/** Fails with the command's last output when it did not exit 0, so CI shows why. */
const expectSucceeded = (result: CommandResult) => {
  if (result.code !== 0) throw new Error(`exited ${result.code}:\n${result.output.slice(-3_000)}`);
};

describe('npm run demo and npm run bench, as typed', () => {
  const services: Partial<Record<keyof typeof envs, RunningService>> = {};
  let mongo: MongoClient;
  const resultsDirectory = mkdtempSync(join(tmpdir(), 'crm-bench-results-'));

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    services.customers = await startCustomers(envs.customers);
    // Visits and analytics open the customers' sealed names through its key API (ADR 90).
    const keyApi = { CUSTOMERS_URL: services.customers.url };
    [services.visits, services.complaints, services.analytics] = await Promise.all([
      startVisits({ ...envs.visits, ...keyApi }),
      startComplaints(envs.complaints),
      startAnalytics({ ...envs.analytics, ...keyApi }),
    ]);
  });

  afterAll(async () => {
    for (const pid of running) process.kill(-pid, 'SIGKILL');
    await Promise.allSettled(Object.values(services).map((service) => service.stop()));
    await Promise.allSettled(
      Object.values(envs).map((env) => mongo.db(env.MONGODB_DATABASE).dropDatabase()),
    );
    await mongo?.close();
    rmSync(resultsDirectory, { recursive: true, force: true });
  });

  const demoCommand = () =>
    [
      `npm run demo -- --customers ${CUSTOMERS} --seed ${SEED}`,
      `--customers-url ${services.customers!.url}`,
      `--visits-url ${services.visits!.url}`,
      `--complaints-url ${services.complaints!.url}`,
      `--analytics-url ${services.analytics!.url}`,
    ].join(' ');

  /** The summary line the demo prints last: `[demo] done: {...}`. */
  const summaryOf = (output: string): Record<string, unknown> => {
    const line = output.split('\n').find((entry) => entry.startsWith('[demo] done: '));
    if (!line) throw new Error(`no summary in the demo's output:\n${output.slice(-3_000)}`);
    return JSON.parse(line.slice('[demo] done: '.length)) as Record<string, unknown>;
  };

  /**
   * Events stored by each service the demo sends commands to: a re-run must not add any. (Analytics
   * is left out: each recompute the demo asks for is a new fact, a TierRecomputationCompleted.)
   */
  const storedEvents = async () =>
    Object.fromEntries(
      await Promise.all(
        (['customers', 'visits', 'complaints'] as const).map(async (service) => {
          const commits = await mongo
            .db(envs[service].MONGODB_DATABASE)
            .collection('event_commits')
            .find({}, { projection: { events: 1 } })
            .toArray();
          return [
            service,
            commits.reduce((sum, commit) => sum + (commit['events'] as unknown[]).length, 0),
          ] as const;
        }),
      ),
    );

  it(
    `npm run demo -- --customers ${CUSTOMERS}: the customer base is readable through the APIs, and a re-run adds nothing`,
    async () => {
      const first = await shell(demoCommand(), demoTokenSettings);
      expectSucceeded(first);
      const summary = summaryOf(first.output);
      // Every second customer is visited, every seventh (from the fourth) complains.
      expect(summary).toMatchObject({ customers: CUSTOMERS, visits: 10, complaints: 3 });
      expect(summary['contacts']).toEqual(expect.any(Number));
      expect(summary['contacts'] as number).toBeGreaterThanOrEqual(CUSTOMERS);
      expect(summary['purchases'] as number).toBeGreaterThanOrEqual(CUSTOMERS);

      // The customers are the generator's, each with its contacts, read back one by one.
      const admin = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
      const read = async (url: string) => {
        const response = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
        return {
          status: response.status,
          body: (await response.json()) as Record<string, unknown>,
        };
      };
      // The demo returns once every read model has caught up: the list holds every customer now.
      const listed = await read(`${services.customers!.url}/customers?limit=500`);
      const items = listed.body['items'] as { customerId: string }[];
      expect(items).toHaveLength(CUSTOMERS);
      const expected = demoCustomers(CUSTOMERS, new Date(), SEED);
      const cards = await Promise.all(
        items.map(({ customerId }) => read(`${services.customers!.url}/customers/${customerId}`)),
      );
      expect(cards.every((card) => card.status === 200)).toBe(true);
      expect(cards.map((card) => card.body['name']).sort()).toEqual(
        expected.map((customer) => customer.card['name']).sort(),
      );
      const contactsRead = cards.reduce(
        (sum, card) => sum + (card.body['contacts'] as unknown[]).length,
        0,
      );
      expect(contactsRead).toBe(summary['contacts']);

      // ...and so does analytics' 360 view, which the customer base reaches through Kafka.
      const views = await Promise.all(
        items.map(({ customerId }) =>
          read(`${services.analytics!.url}/analytics/customers/${customerId}`),
        ),
      );
      expect(views.map((view) => view.status)).toEqual(items.map(() => 200));

      const before = await storedEvents();
      expect(before['customers']).toBeGreaterThan(CUSTOMERS + (summary['contacts'] as number));
      const again = await shell(demoCommand(), demoTokenSettings);
      expectSucceeded(again);
      expect(summaryOf(again.output)).toEqual(summary);
      expect(await storedEvents()).toEqual(before);
    },
    2 * COMMAND_TIMEOUT_MS,
  );

  it(
    'npm run bench -- --quick --only append,relay: writes its results with a figure and a raw baseline for each case',
    async () => {
      const result = await shell(
        `npm run bench -- --quick --only append,relay --results ${resultsDirectory}`,
      );
      expectSucceeded(result);

      const files = readdirSync(resultsDirectory);
      const json = files.filter((file) => file.endsWith('.json'));
      expect(json).toHaveLength(1);
      expect(files).toContain('latest.md');
      const written = JSON.parse(readFileSync(join(resultsDirectory, json[0]!), 'utf8')) as {
        mode: string;
        only: string[];
        measurements: { scenario: string; case: string; ours: number; baseline: number | null }[];
      };
      expect(written.mode).toBe('quick');
      expect(written.only).toEqual(['append', 'relay']);
      expect(readFileSync(join(resultsDirectory, 'latest.md'), 'utf8')).toMatch(
        /^# Benchmark \S+ \(quick, only append, relay, \d+ s\)/,
      );
      const scenarios = new Set(written.measurements.map((measurement) => measurement.scenario));
      expect([...scenarios].sort()).toEqual(['1 event-store append', '2 outbox relay → Kafka']);
      const relay = written.measurements.find(
        (measurement) => measurement.scenario === '2 outbox relay → Kafka',
      )!;
      expect(relay.ours).toBeGreaterThan(0);
      expect(relay.baseline).toBeGreaterThan(0);
      for (const measurement of written.measurements) {
        expect({
          case: measurement.case,
          ours: Number.isFinite(measurement.ours) && measurement.ours > 0,
        }).toEqual({
          case: measurement.case,
          ours: true,
        });
      }
      // The table it printed is the one it wrote.
      expect(result.output).toContain(
        readFileSync(join(resultsDirectory, 'latest.md'), 'utf8').trim(),
      );
    },
    COMMAND_TIMEOUT_MS,
  );
});
