import { ConfigError } from '@crm/platform';

/** What every service needs set to start; a configuration test adds the settings it is about. */
export const REQUIRED_SERVICE_SETTINGS = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-secret-of-sixteen-chars',
} as const;

/**
 * Expects a service's configuration loader to refuse these bad settings (variable → value, beside
 * the required ones) at once, with a ConfigError whose problems name every one of the variables.
 */
export async function expectEveryBadSettingNamed(
  load: (env: Record<string, string>) => unknown,
  badSettings: Readonly<Record<string, string>>,
): Promise<void> {
  // Loaded here, not at the top: `@jest/globals` throws outside Jest (see expectRebuildEqualsLive).
  const { expect } = await import('@jest/globals');
  let caught: unknown;
  try {
    load({ ...REQUIRED_SERVICE_SETTINGS, ...badSettings });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const named = (caught as ConfigError).problems.map((problem) => problem.split(':')[0]);
  expect(named).toEqual(expect.arrayContaining(Object.keys(badSettings)));
}
