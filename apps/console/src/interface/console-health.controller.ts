import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS, ShutdownState } from '@crm/platform';

/** Live while the process runs; ready while Redis (the sessions) answers and not shutting down. */
@Controller('health')
export class ConsoleHealthController {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; info: { redis: { status: 'up' } } }> {
    if (this.shutdown.draining) throw new ServiceUnavailableException('shutting down');
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('no answer in 2000 ms')), 2_000).unref(),
        ),
      ]);
    } catch (error) {
      throw new ServiceUnavailableException({
        status: 'error',
        error: {
          redis: {
            status: 'down',
            message: error instanceof Error ? error.message : String(error),
          },
        },
      });
    }
    return { status: 'ok', info: { redis: { status: 'up' } } };
  }
}
