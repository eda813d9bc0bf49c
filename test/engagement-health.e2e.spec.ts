import {
  createConnection,
  createServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { eventually, uniqueSuffix, type RunningService } from '@crm/testing';
import { engagementEnv } from './engagement-support';
import { startAnalytics } from './service-support';

/** A TCP proxy in front of the real Redis that the test can cut and restore. */
class RedisLink {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(Number(this.target.port || 6379), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  isOpen(): boolean {
    return this.server?.listening ?? false;
  }

  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

const readiness = async (service: RunningService) => {
  const response = await fetch(`${service.url}/health/ready`);
  await response.body?.cancel();
  return { status: response.status };
};

describe('/health/ready follows Redis', () => {
  const suffix = uniqueSuffix();
  const link = new RedisLink(new URL(process.env['REDIS_URL']!));
  let service: RunningService;

  beforeAll(async () => {
    await link.open();
    service = await startAnalytics(
      engagementEnv(suffix, {
        REDIS_URL: `redis://127.0.0.1:${link.port}`,
        INSTANCE_ID: `a-${suffix}`,
      }),
    );
  });

  afterAll(async () => {
    // Redis back first: the workers hand their jobs back to it on shutdown.
    if (!link.isOpen()) await link.open();
    // After an outage BullMQ's close can wait on a reconnect that takes long (seen once in CI, the
    // hook timed out): shutdown itself is tested elsewhere (ops-graceful-shutdown), so this test
    // bounds it, as SHUTDOWN_GRACE_MS bounds it in a real process.
    await Promise.race([
      service?.stop(),
      new Promise((resolve) => setTimeout(resolve, 20_000).unref()),
    ]);
    await link.cut();
  }, 60_000);

  it('is ready with Redis, not ready without it, and ready again when it returns', async () => {
    expect((await readiness(service)).status).toBe(200);
    await link.cut();
    await eventually(async () => ((await readiness(service)).status === 503 ? true : undefined), {
      what: 'readiness to fail',
    });
    await link.open();
    await eventually(async () => ((await readiness(service)).status === 200 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'readiness to return',
    });
    // The job queues are back too: /metrics counts them again.
    await eventually(
      async () =>
        /crm_queue_jobs\{[^}]*queue="engagement-follow-ups"/.test(
          await (await fetch(`${service.url}/metrics`)).text(),
        )
          ? true
          : undefined,
      { timeoutMs: 20_000, what: 'the queues to answer again' },
    );
  });
});
