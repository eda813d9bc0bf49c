import { z } from 'zod';

/**
 * Where a service reads "now" (ADR 147): injected as CLOCK, so tests and the bench can fix the
 * time. Elapsed durations (latency, timeouts, back-off, cache lifetimes) are not read here: they
 * are measured in real time.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** The current instant, in milliseconds since the epoch. */
  nowMs(): number;
}

/** DI token of the service's Clock, provided globally by the PlatformModule. */
export const CLOCK = Symbol('CLOCK');

/** The system time: every service's clock unless CLOCK_STARTS_AT is set. */
export const systemClock: Clock = {
  // The one place that reads the system time as "now".
  // eslint-disable-next-line no-restricted-syntax -- the system clock itself
  nowMs: () => Date.now(),
  now: () => new Date(systemClock.nowMs()),
};

/**
 * A clock that reads `startsAt` when it is made and then advances with `real`: delays, TTLs and
 * job timers still take their real length.
 */
export function offsetClock(startsAt: Date, real: Clock = systemClock): Clock {
  const offsetMs = startsAt.getTime() - real.nowMs();
  const nowMs = (): number => real.nowMs() + offsetMs;
  return { nowMs, now: () => new Date(nowMs()) };
}

/** The clock setting every service shares (the console too). */
export const clockSettings = {
  /**
   * An ISO-8601 instant (`2031-05-04T01:02:03Z`): the service's clock reads it at boot and
   * advances in real time from there. Unset: the system time. For tests, demos and the bench.
   */
  CLOCK_STARTS_AT: z.iso
    .datetime({
      offset: true,
      message: 'must be an ISO-8601 instant with a zone, such as 2031-05-04T01:02:03Z',
    })
    .transform((value) => new Date(value))
    .optional(),
};

/** The clock a configuration asks for; warns when it is not the system time. */
export function clockOf(
  config: { readonly CLOCK_STARTS_AT?: Date | undefined },
  warn: (message: string) => void,
  real: Clock = systemClock,
): Clock {
  if (config.CLOCK_STARTS_AT === undefined) return real;
  warn(
    `CLOCK_STARTS_AT is set: this service's clock started at ${config.CLOCK_STARTS_AT.toISOString()} ` +
      `instead of the system time (${real.now().toISOString()})`,
  );
  return offsetClock(config.CLOCK_STARTS_AT, real);
}
