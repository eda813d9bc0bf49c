import { Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ShutdownState, shutdownGracefully } from './shutdown';

/** A real Nest app whose shutdown hook takes as long as the test says. */
const appWithShutdownHook = async (hook: () => Promise<void>) => {
  @Injectable()
  class SlowToStop implements BeforeApplicationShutdown {
    beforeApplicationShutdown(): Promise<void> {
      return hook();
    }
  }
  @Module({ providers: [SlowToStop] })
  class TinyModule {}
  const app = await NestFactory.create(TinyModule, { logger: false });
  await app.init();
  return app;
};

const exitCode = () => {
  let resolve: (code: number) => void = () => undefined;
  const code = new Promise<number>((r) => (resolve = r));
  return { code, exit: (value: number) => resolve(value) };
};

describe('shutdownGracefully', () => {
  it('is not ready from the start, runs the shutdown hooks, and exits 0', async () => {
    const state = new ShutdownState();
    let drainingDuringHook: boolean | undefined;
    const app = await appWithShutdownHook(async () => {
      drainingDuringHook = state.draining;
    });
    const { code, exit } = exitCode();
    await shutdownGracefully(app, state, { SHUTDOWN_GRACE_MS: 2_000, SHUTDOWN_READINESS_DELAY_MS: 0 }, 'SIGTERM', exit);
    expect(await code).toBe(0);
    expect(drainingDuringHook).toBe(true);
  });

  it('exits 1 when the shutdown outlasts the grace period', async () => {
    let release: () => void = () => undefined;
    const app = await appWithShutdownHook(() => new Promise<void>((resolve) => (release = resolve)));
    const { code, exit } = exitCode();
    const started = Date.now();
    void shutdownGracefully(app, new ShutdownState(), { SHUTDOWN_GRACE_MS: 150, SHUTDOWN_READINESS_DELAY_MS: 0 }, 'SIGTERM', exit);
    expect(await code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    release();
  });

  it('waits the readiness delay before closing', async () => {
    const state = new ShutdownState();
    let closedAfterMs = 0;
    const started = Date.now();
    const app = await appWithShutdownHook(async () => {
      closedAfterMs = Date.now() - started;
    });
    const { code, exit } = exitCode();
    await shutdownGracefully(app, state, { SHUTDOWN_GRACE_MS: 2_000, SHUTDOWN_READINESS_DELAY_MS: 120 }, 'SIGTERM', exit);
    expect(await code).toBe(0);
    expect(closedAfterMs).toBeGreaterThanOrEqual(110);
  });
});
