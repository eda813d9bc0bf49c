import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually } from '@crm/testing';

export interface SpawnedService {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * With `BENCH_CPU_PROFILE_DIR` set, each service writes a V8 CPU profile there when it stops
 * (open it in Chrome's DevTools or speedscope): where a scenario's time goes.
 */
function profileArguments(service: string): string[] {
  const directory = process.env.BENCH_CPU_PROFILE_DIR;
  return directory
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${directory}`,
        `--cpu-prof-name=${service}.${process.pid}.cpuprofile`,
      ]
    : [];
}

/** Runs a service as its own process (as in production), so the load generator does not share its CPU time. */
export async function spawnService(
  service: string,
  env: Record<string, string>,
): Promise<SpawnedService> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...profileArguments(service), join(__dirname, '..', 'apps', service, 'src', 'main.js')],
    {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
      stdio: 'inherit',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => {
        const response = await fetch(`${url}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 200, what: `${service} to be ready` },
    );
  } catch (error) {
    // A service that never got ready is not left running behind the failed run.
    child.kill('SIGTERM');
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
