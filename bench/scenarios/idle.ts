import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { TEST_JWT_SECRET } from '@crm/testing';
import type { BenchContext } from '../context';
import { spawnService, type SpawnedService } from '../services';
import { measure, type Measurement } from '../support';

const SERVICES = ['customers', 'visits', 'complaints', 'analytics'] as const;
/** The database processes of the embedded stack, by their command name. */
const DATABASE_COMMANDS = ['ferretdb', 'postgres'] as const;

/**
 * CPU time a process has used, in clock ticks: its own (user + system) and that of its children
 * already waited for, so PostgreSQL backends that exit during the window still count.
 */
function cpuTicks(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are 14-17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  } catch {
    return 0; // exited between listing and reading
  }
}

/** Ticks of every process whose command name is `command`. */
function ticksOf(command: string): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) ticks += cpuTicks(entry);
    } catch {
      // exited meanwhile
    }
  }
  return ticks;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scenario 8: the idle cost of the whole system. The four services as `npm start` runs them (own
 * databases and topics), left alone for a while, then their CPU and the database's over a window
 * with no traffic at all, from /proc counters, per service and per database process. On a machine
 * shared with other work, the database figures include what that work costs the database (the
 * service figures are ours alone).
 */
export async function idle(context: BenchContext): Promise<Measurement[]> {
  if (process.platform !== 'linux') throw new Error('the idle scenario reads /proc (Linux only)');
  const settleSeconds = context.quick ? 5 : 20;
  const windowSeconds = context.quick ? 15 : 60;
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const env = (service: string) => ({
    MONGODB_DATABASE: `bench_idle_${service}_${context.suffix}`,
    CONSUMER_GROUP_PREFIX: `bench-idle-${context.suffix}`,
    KAFKA_TOPIC_PREFIX: `bench-idle-${context.suffix}.`,
    JOBS_PREFIX: `bench-idle-${context.suffix}`,
    JWT_SECRET: TEST_JWT_SECRET,
  });
  const services: SpawnedService[] = [];
  try {
    for (const service of SERVICES) services.push(await spawnService(service, env(service)));
    context.log(
      `idle: services ready; settling ${settleSeconds} s, then measuring ${windowSeconds} s`,
    );
    await sleep(settleSeconds * 1000);
    const sample = (): Record<string, number> => ({
      ...Object.fromEntries(SERVICES.map((name, index) => [name, cpuTicks(services[index]!.pid)])),
      ...Object.fromEntries(DATABASE_COMMANDS.map((command) => [command, ticksOf(command)])),
    });
    const before = sample();
    const started = performance.now();
    await sleep(windowSeconds * 1000);
    const after = sample();
    const seconds = (performance.now() - started) / 1000;
    const parts = Object.fromEntries(
      Object.keys(before).map((key) => [
        key,
        ((after[key]! - before[key]!) / ticksPerSecond / seconds) * 100,
      ]),
    );
    const total = Object.values(parts).reduce((sum, value) => sum + value, 0);
    const ofServices = SERVICES.reduce((sum, name) => sum + parts[name]!, 0);
    context.log(`idle: ${total.toFixed(1)} % of one core ${JSON.stringify(parts)}`);
    const label = `4 services + FerretDB + PostgreSQL, ${windowSeconds} s without traffic`;
    return [
      measure('8 idle', label, '% of one core', total, null, 'lower_is_better', {
        ...Object.fromEntries(
          Object.entries(parts).map(([key, value]) => [key, Number(value.toFixed(2))]),
        ),
        seconds: Math.round(seconds),
      }),
      measure(
        '8 idle',
        'the 4 services alone',
        '% of one core',
        ofServices,
        null,
        'lower_is_better',
      ),
      ...Object.entries(parts).map(([name, value]) =>
        measure('8 idle', `${name} alone`, '% of one core', value, null, 'lower_is_better'),
      ),
    ];
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all(
      SERVICES.map((service) =>
        context.mongo.db(`bench_idle_${service}_${context.suffix}`).dropDatabase(),
      ),
    );
  }
}
