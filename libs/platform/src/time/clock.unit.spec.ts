import { z } from 'zod';
import { serviceConfigSchema } from '../config/config.schema';
import { ConfigError, loadConfig } from '../config/load-config';
import { clockOf, offsetClock, systemClock, type Clock } from './clock';

/** A stand-in for the system time that moves only when told to. */
function manualClock(startMs: number): Clock & { advance(ms: number): void } {
  let ms = startMs;
  return {
    nowMs: () => ms,
    now: () => new Date(ms),
    advance: (by) => {
      ms += by;
    },
  };
}

const schema = serviceConfigSchema({ SERVICE_NAME: z.string().default('customers') });
const env = {
  PORT: '3001',
  MONGODB_DATABASE: 'crm_customers',
  KAFKA_BROKERS: 'a:9092',
  MONGODB_URI: 'mongodb://localhost:27017',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: 'a-secret-of-sixteen-or-more',
};

describe('the system clock', () => {
  it('reads the system time, as a Date and in milliseconds', () => {
    const before = new Date(Date.now());
    const now = systemClock.now();
    const nowMs = systemClock.nowMs();
    const after = Date.now();
    expect(now.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(nowMs).toBeGreaterThanOrEqual(now.getTime());
    expect(nowMs).toBeLessThanOrEqual(after);
  });
});

describe('an offset clock', () => {
  it('reads its start when it is made, then advances with the real time', () => {
    const real = manualClock(Date.parse('2026-12-02T01:00:00Z'));
    const clock = offsetClock(new Date('2031-05-04T01:02:03Z'), real);
    expect(clock.now().toISOString()).toBe('2031-05-04T01:02:03.000Z');

    real.advance(90_500);
    expect(clock.now().toISOString()).toBe('2031-05-04T01:03:33.500Z');
    expect(clock.nowMs()).toBe(Date.parse('2031-05-04T01:03:33.500Z'));
  });

  it('may start in the past', () => {
    const real = manualClock(Date.parse('2026-12-02T01:00:00Z'));
    const clock = offsetClock(new Date('2020-02-29T23:59:59Z'), real);
    real.advance(1_000);
    expect(clock.now().toISOString()).toBe('2020-03-01T00:00:00.000Z');
  });
});

describe('CLOCK_STARTS_AT', () => {
  it('is the system time when unset, without a warning', () => {
    const warnings: string[] = [];
    const config = loadConfig(schema, {}, env);
    expect(config.CLOCK_STARTS_AT).toBeUndefined();
    expect(clockOf(config, (message) => warnings.push(message))).toBe(systemClock);
    expect(warnings).toEqual([]);
  });

  it('starts the clock at the instant, and warns once at boot', () => {
    const warnings: string[] = [];
    const real = manualClock(Date.parse('2026-12-02T01:00:00Z'));
    const config = loadConfig(schema, {}, { ...env, CLOCK_STARTS_AT: '2031-05-04T09:02:03+08:00' });
    const clock = clockOf(config, (message) => warnings.push(message), real);
    real.advance(2_000);
    expect(clock.now().toISOString()).toBe('2031-05-04T01:02:05.000Z');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/CLOCK_STARTS_AT is set.*2031-05-04T01:02:03\.000Z/);
  });

  it.each(['2031-05-04', '2031-05-04T01:02:03', 'tomorrow', '2031-13-04T01:02:03Z'])(
    'refuses %s, naming the setting',
    (value) => {
      const load = () => loadConfig(schema, {}, { ...env, CLOCK_STARTS_AT: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(
        /CLOCK_STARTS_AT: must be an ISO-8601 instant with a zone, such as 2031-05-04T01:02:03Z/,
      );
    },
  );
});
