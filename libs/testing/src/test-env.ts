import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import type { Role } from '@crm/contracts';

export const TEST_JWT_SECRET = 'integration-test-secret-0123456789';
export const TEST_JWT_ISSUER = 'crm-test-issuer';
export const TEST_JWT_AUDIENCE = 'crm-test';

/** The topic prefix of the services started with this suffix (see serviceEnv). */
export const testTopicPrefix = (suffix: string): string => `test-${suffix}.`;

/** The name a contract topic has for the services started with this suffix. */
export const testTopic = (suffix: string, topic: string): string =>
  `${testTopicPrefix(suffix)}${topic}`;

/** A quiet Kafka client of the test stack's brokers (KAFKA_BROKERS), named `clientId`. */
export const testKafka = (clientId: string): Kafka =>
  new Kafka({
    clientId,
    brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });

/** A short id that makes every test's databases, groups and data its own. */
export const uniqueSuffix = (): string => randomBytes(4).toString('hex');

const required = (name: string): string => {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: start the stack (eval "$(scripts/stack.sh up)")`);
  return value;
};

/** Environment for one service instance under test: real infrastructure, private database. */
export function serviceEnv(
  service: string,
  suffix: string,
  overrides: Record<string, string> = {},
) {
  return {
    KAFKA_BROKERS: required('KAFKA_BROKERS'),
    MONGODB_URI: required('MONGODB_URI'),
    REDIS_URL: required('REDIS_URL'),
    NODE_ENV: 'test',
    MONGODB_DATABASE: `test_${service}_${suffix}`,
    CONSUMER_GROUP_PREFIX: `test-${suffix}`,
    // Private job queues: a schedule of one test's service never runs in another's.
    JOBS_PREFIX: `test-${suffix}`,
    // Private topics: a test never replays what other tests published.
    KAFKA_TOPIC_PREFIX: testTopicPrefix(suffix),
    JWT_SECRET: TEST_JWT_SECRET,
    JWT_ISSUER: TEST_JWT_ISSUER,
    JWT_AUDIENCE: TEST_JWT_AUDIENCE,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    OUTBOX_POLL_INTERVAL_MS: '50',
    CONSUMER_RETRY_BACKOFF_MS: '50',
    ...farFromNightlyRuns(),
    ...overrides,
  };
}

/**
 * The nightly schedules (tiers, lifecycle, points expiry, retention) at an hour twelve hours from
 * now in China's time, so a suite running at 02:00 there never meets the night's run mid-test (a
 * tier run between two snapshots, say). A suite that tests a schedule names its own.
 */
function farFromNightlyRuns(): Record<string, string> {
  const hourInChina = (new Date().getUTCHours() + 8) % 24;
  const hour = (hourInChina + 12) % 24;
  return {
    TIER_RECOMPUTE_CRON: `0 ${hour} * * *`,
    LIFECYCLE_EVALUATION_CRON: `30 ${hour} * * *`,
    POINTS_EXPIRY_CRON: `15 ${hour} * * *`,
    CUSTOMER_RETENTION_CRON: `45 ${hour} * * *`,
  };
}

export interface TokenClaims {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly region?: string;
}

export function signToken(claims: TokenClaims, secret = TEST_JWT_SECRET): Promise<string> {
  return new SignJWT({ roles: claims.roles, ...(claims.region ? { region: claims.region } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(TEST_JWT_ISSUER)
    .setAudience(TEST_JWT_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}

/** Polls until `probe` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `${what} not reached in ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`,
  );
}
