import { Logger, type INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { BaseConfig } from '../config/config.schema';
import { flushTracing } from '../observability/tracing';

/**
 * Whether the service is shutting down. From SIGTERM on, readiness answers 503 (the load balancer
 * stops sending new requests) and every response asks its client to close the connection, so no
 * keep-alive client reuses a socket the server is about to close.
 */
export class ShutdownState {
  private drainingBegun = false;

  get draining(): boolean {
    return this.drainingBegun;
  }

  beginDraining(): void {
    this.drainingBegun = true;
  }
}

/** Express middleware: `Connection: close` on every response once draining has begun. */
export const closeConnectionsWhileDraining =
  (state: ShutdownState) =>
  (_request: Request, response: Response, next: NextFunction): void => {
    if (state.draining) response.setHeader('Connection', 'close');
    next();
  };

/**
 * Stops accepting connections and resolves once every in-flight request has been answered.
 * Nest's app.close() closes the HTTP server only after the beforeApplicationShutdown hooks, i.e.
 * after the outbox relay's last pass: an event appended by a request still running then would wait
 * for the next start. So the server is closed first, then the app.
 */
export function finishHttpRequests(app: INestApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

export type ShutdownTiming = Pick<BaseConfig, 'SHUTDOWN_GRACE_MS' | 'SHUTDOWN_READINESS_DELAY_MS'>;

/**
 * SIGTERM/SIGINT: stop being ready, wait SHUTDOWN_READINESS_DELAY_MS for the endpoints to forget
 * the pod, then close the app — the HTTP server stops accepting and finishes in-flight requests,
 * then consumers stop and commit what they applied, the outbox relay publishes what is appended,
 * job workers finish their jobs, clients disconnect — and exit 0. If that takes longer than
 * SHUTDOWN_GRACE_MS the process exits 1 (what it had not finished is redone after restart:
 * delivery is at least once and every handler is idempotent).
 */
export function exitGracefullyOnSignals(
  app: INestApplication,
  state: ShutdownState,
  timing: ShutdownTiming,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    void shutdownGracefully(app, state, timing, signal, exit);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, onSignal);
}

/** The shutdown itself: drain, close, and call `exit` with 0, or 1 past the grace period. */
export async function shutdownGracefully(
  app: INestApplication,
  state: ShutdownState,
  timing: ShutdownTiming,
  signal: NodeJS.Signals,
  exit: (code: number) => void,
): Promise<void> {
  const logger = new Logger('Shutdown');
  const begun = performance.now();
  state.beginDraining();
  logger.log({ signal, graceMs: timing.SHUTDOWN_GRACE_MS, msg: 'shutting down' });
  const deadline = setTimeout(() => {
    logger.error({ graceMs: timing.SHUTDOWN_GRACE_MS, msg: 'grace period exceeded; exiting' });
    exit(1);
  }, timing.SHUTDOWN_GRACE_MS);
  try {
    if (timing.SHUTDOWN_READINESS_DELAY_MS > 0) {
      await new Promise((resolve) => setTimeout(resolve, timing.SHUTDOWN_READINESS_DELAY_MS));
    }
    await finishHttpRequests(app);
    await app.close();
    await flushTracing();
    clearTimeout(deadline);
    logger.log({ tookMs: Math.round(performance.now() - begun), msg: 'stopped cleanly' });
    exit(0);
  } catch (error) {
    clearTimeout(deadline);
    logger.error({
      err: error instanceof Error ? error.message : String(error),
      msg: 'shutdown failed',
    });
    exit(1);
  }
}
