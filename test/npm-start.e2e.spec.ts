import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  eventually,
  signToken,
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  TEST_JWT_SECRET,
} from '@crm/testing';

const root = join(__dirname, '..');
const ports = { customers: 3001, visits: 3002, complaints: 3003, analytics: 3004, console: 3000 };

const answers = async (url: string): Promise<number | undefined> => {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined;
  }
};

/** `npm start` as the README gives it: the four services and the console as real processes, built from dist/. */
describe('npm start', () => {
  let system: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/customers/src/main.js'))) {
      throw new Error('dist/ is missing: npm test builds it first (or run npm run build)');
    }
    for (const [service, port] of Object.entries(ports)) {
      if ((await answers(`http://127.0.0.1:${port}/health/live`)) !== undefined) {
        throw new Error(
          `port ${port} (${service}) is taken: stop the running system before this test`,
        );
      }
    }
    system = spawn('bash', ['scripts/start.sh'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SKIP_BUILD: '1',
        JWT_SECRET: TEST_JWT_SECRET,
        JWT_ISSUER: TEST_JWT_ISSUER,
        JWT_AUDIENCE: TEST_JWT_AUDIENCE,
        LOG_LEVEL: 'info',
      },
    });
    for (const stream of [system.stdout, system.stderr]) {
      stream?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    }
    exited = new Promise((resolve) => system.on('exit', (code) => resolve(code)));
  });

  afterAll(async () => {
    if (system.exitCode === null && system.pid) process.kill(-system.pid, 'SIGTERM');
    await exited;
  });

  it('brings up all four services and the console, ready, and they work together', async () => {
    for (const port of Object.values(ports)) {
      await eventually(
        async () =>
          (await answers(`http://127.0.0.1:${port}/health/ready`)) === 200 ? true : undefined,
        { timeoutMs: 60_000, intervalMs: 250, what: `service on ${port} to be ready` },
      );
    }
    const token = await signToken({ sub: 'system-test', roles: ['admin'] });
    const registered = await fetch(`http://127.0.0.1:${ports.customers}/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'System Test Ltd',
        nature: 'individual',
        region: 'north',
        ownerId: 'rep-9',
      }),
    });
    expect(registered.status).toBe(201);
    const { customerId } = (await registered.json()) as { customerId: string };
    const view = await eventually(
      async () => {
        const response = await fetch(
          `http://127.0.0.1:${ports.analytics}/analytics/customers/${customerId}`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        return response.status === 200 ? ((await response.json()) as unknown) : undefined;
      },
      { timeoutMs: 15_000, what: 'the customer in analytics' },
    );
    expect(view).toMatchObject({ customerId, profile: { name: 'System Test Ltd' } });
    const consolePage = await fetch(`http://127.0.0.1:${ports.console}/`);
    expect([consolePage.status, consolePage.headers.get('content-type')]).toEqual([
      200,
      expect.stringMatching(/^text\/html/),
    ]);
  });

  it('prints, once ready, where to go and who to sign in as; its logs read as lines for a person', async () => {
    await eventually(async () => (output.includes('CRM is ready') ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the ready banner',
    });
    expect(output.match(/CRM is ready/g)).toHaveLength(1);
    expect(output).toContain(`http://localhost:${ports.console}`);
    expect(output).toMatch(/rep-east-1\s+Li Wei/);
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    // Pretty, one line per event: no JSON, no kafkajs partitioner notice, no route listing.
    expect(lines.filter((line) => line.trimStart().startsWith('{'))).toEqual([]);
    expect(output).not.toMatch(/partitioner|Mapped \{/i);
    expect(output).toMatch(/INFO: customers: POST \/customers 201/);
  });

  it('stops every service on SIGTERM', async () => {
    process.kill(-system.pid!, 'SIGTERM');
    await exited;
    // Each service shuts down gracefully (relay drained, consumers left) and then frees its port.
    for (const port of Object.values(ports)) {
      await eventually(
        async () =>
          (await answers(`http://127.0.0.1:${port}/health/live`)) === undefined ? true : undefined,
        { timeoutMs: 20_000, intervalMs: 200, what: `service on ${port} to stop` },
      );
    }
  });
});
