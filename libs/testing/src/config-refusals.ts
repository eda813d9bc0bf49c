import { ConfigError } from '@crm/platform';

/** What every service needs set to start; a configuration test adds the settings it is about. */
export const REQUIRED_SERVICE_SETTINGS = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-secret-of-sixteen-chars',
} as const;

/**
 * The variables a service's configuration loader names when it refuses these settings (beside the
 * required ones): the part of each problem of its ConfigError before the colon. Throws when the
 * loader accepts them or fails with anything but a ConfigError.
 */
export function refusedSettingNames(
  load: (env: Record<string, string>) => unknown,
  settings: Readonly<Record<string, string>>,
): string[] {
  try {
    load({ ...REQUIRED_SERVICE_SETTINGS, ...settings });
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((problem) => problem.split(':')[0]!);
    throw error;
  }
  throw new Error(`the configuration accepted ${Object.keys(settings).join(', ')}`);
}
