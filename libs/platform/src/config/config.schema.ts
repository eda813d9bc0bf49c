import { hostname } from 'node:os';
import { z } from 'zod';
import { clockSettings } from '../time/clock';

/** `a, b,c` → ['a', 'b', 'c']: a comma-separated setting, blanks dropped; an empty one is refused. */
export const commaList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
const positiveInt = z.coerce.number().int().positive();

/** Settings every service shares. Each app extends it with its own (and its business defaults). */
export const baseConfigObject = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  SERVICE_NAME: z.string().min(1),
  INSTANCE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  PORT: z.coerce.number().int().min(0).max(65535),
  /** Loopback unless configured: a developer's `npm start` is not reachable from the network. */
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/)
    .default('256kb'),
  /** Requests per client (verified token subject, else address) per window; 0: no limit. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(3000),
  /** Counted in whole seconds (Redis expiry). */
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Proxies whose X-Forwarded-For is believed (Express `trust proxy`: addresses, CIDR ranges or
   * `loopback`, `uniquelocal`); empty: none, the client address is the peer's.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  /** On SIGTERM: the most the whole shutdown may take before the process exits 1. */
  SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  /** On SIGTERM: how long to keep serving while not ready, so load balancers stop routing here. */
  SHUTDOWN_READINESS_DELAY_MS: z.coerce.number().int().min(0).default(0),

  KAFKA_BROKERS: commaList,
  /** Prepended to every topic name (e.g. `staging.`); empty in production, per-test in tests. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,60}$/)
    .default(''),
  KAFKA_TOPIC_PARTITIONS: positiveInt.default(3),
  KAFKA_REPLICATION_FACTOR: positiveInt.default(1),
  CONSUMER_GROUP_PREFIX: z.string().min(1).default('crm'),
  CONSUMER_MAX_ATTEMPTS: positiveInt.default(5),
  CONSUMER_RETRY_BACKOFF_MS: positiveInt.default(200),
  /**
   * How long the broker waits for a consumer that stopped heartbeating (killed, partitioned) before
   * its partitions go to the others, or to its restarted self. At least the broker's
   * group.min.session.timeout.ms (6 s by default).
   */
  CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(30_000),
  /** Where a consumer group with no committed offsets begins: `latest` only for tests. */
  CONSUMER_NEW_GROUP_START: z.enum(['earliest', 'latest']).default('earliest'),

  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI'),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URI'),

  /**
   * The outbox relay's idle poll: appends in the same process wake it at once, so this only bounds
   * how late it finds commits appended by other replicas or processes. Below OUTBOX_LEASE_MS.
   */
  OUTBOX_POLL_INTERVAL_MS: positiveInt.default(5_000),
  OUTBOX_BATCH_SIZE: positiveInt.default(500),
  OUTBOX_LEASE_MS: positiveInt.default(10_000),

  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWT_JWKS_URL: z.url().optional(),
  /** `iss` and `aud` every token must carry; `npm run token` signs the local ones. */
  JWT_ISSUER: z.string().min(1).default('crm-local'),
  JWT_AUDIENCE: z.string().min(1).default('crm'),
  /** Tokens must carry `exp`, at most this long after `iat` (12 h: a working day). */
  JWT_MAX_LIFETIME_SECONDS: positiveInt.default(43_200),
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** A token signed by a key not in the cached JWKS refetches it at most this often. */
  JWT_JWKS_COOLDOWN_MS: positiveInt.default(30_000),
  /** How long a fetched JWKS is trusted: a key removed from it stops working after this. */
  JWT_JWKS_CACHE_MS: positiveInt.default(600_000),

  /**
   * The organization directory (regions, departments, people, supervision; docs/organization.md),
   * read once at boot. Relative paths start at the working directory.
   */
  ORGANIZATION_FILE: z.string().min(1).default('config/organization.yaml'),

  IDEMPOTENCY_TTL_HOURS: positiveInt.default(24),

  ...clockSettings,

  /**
   * The customers service, whose key API (`/data-keys/customers/:id`) opens the personal values
   * of its events for this service's consumers (ADR 90); unset: they read the placeholders.
   */
  CUSTOMERS_URL: z.url().optional(),
  /**
   * A token with the role `personal_data_reader` for the key APIs, issued by the platform and
   * re-read on every use (it rotates); unset: the service signs its own with JWT_SECRET.
   */
  PERSONAL_DATA_READER_TOKEN_FILE: z.string().min(1).optional(),
  /** How long a key fetched from another service's key API is used before it is asked again. */
  DATA_KEY_CACHE_MS: positiveInt.max(300_000).default(300_000),

  /** OTLP/HTTP endpoint for traces (`http://collector:4318/v1/traces`); unset: not exported. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
});

export type BaseConfig = z.infer<typeof baseConfigObject>;

/** Name, default port and default database of a service: `crm_<name>`. */
export const serviceIdentity = (name: string, defaultPort: number) => ({
  SERVICE_NAME: z.string().min(1).default(name),
  PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  MONGODB_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default(`crm_${name}`),
});

/** The config schema of one service: the shared settings plus its own. */
export function serviceConfigSchema<TShape extends z.ZodRawShape>(shape: TShape) {
  return baseConfigObject
    .extend(shape)
    .refine((config) => hasTokenKey(config as Partial<BaseConfig>), {
      message: 'set JWT_SECRET (local) or JWT_JWKS_URL (production)',
      path: ['JWT_SECRET'],
    });
}

const hasTokenKey = (config: Partial<BaseConfig>): boolean =>
  Boolean(config.JWT_SECRET ?? config.JWT_JWKS_URL);

/** The name of a contract topic in this deployment. */
export const topicIn = (config: Pick<BaseConfig, 'KAFKA_TOPIC_PREFIX'>, topic: string): string =>
  `${config.KAFKA_TOPIC_PREFIX}${topic}`;
