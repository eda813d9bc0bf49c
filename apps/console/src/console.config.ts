import { hostname } from 'node:os';
import { z } from 'zod';
import type { Role } from '@crm/contracts';
import { clockSettings, durationSetting, loadConfig } from '@crm/platform';
import { parseRoleMap } from './session/domain/provider-claims';

const url = z.url().transform((value) => value.replace(/\/+$/, ''));
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/**
 * The console's backend-for-frontend. It owns no database and no topic: it keeps sessions in
 * Redis, serves the single-page app and forwards the browser's calls to the four services with
 * the signed-in user's token.
 */
export const consoleConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    SERVICE_NAME: z.string().min(1).default('console'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** On SIGTERM: the most the whole shutdown may take before the process exits 1. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
    SHUTDOWN_READINESS_DELAY_MS: z.coerce.number().int().min(0).default(0),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URI'),
    ...clockSettings,

    CUSTOMERS_URL: url.default('http://127.0.0.1:3001'),
    VISITS_URL: url.default('http://127.0.0.1:3002'),
    COMPLAINTS_URL: url.default('http://127.0.0.1:3003'),
    ANALYTICS_URL: url.default('http://127.0.0.1:3004'),

    /** Signs the session cookie; rotate by restarting with a new value (sessions end). */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
    /** How long a session lives without being used; the service token it holds lives as long. */
    SESSION_TTL: durationSetting.prefault('8h'),
    /** Redis key prefix of the sessions, so deployments sharing a Redis keep theirs apart. */
    SESSION_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,60}$/)
      .default('crm-console:sess:'),
    /** `Secure` cookies: on behind HTTPS (production); off for http://127.0.0.1 in development. */
    COOKIE_SECURE: flag.prefault('false'),

    /** The services' local secret: the console mints each session's service token with it. */
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters'),
    /** The issuer and audience the services check (their defaults, as in the platform's config). */
    JWT_ISSUER: z.string().min(1).default('crm-local'),
    JWT_AUDIENCE: z.string().min(1).default('crm'),

    /** The demo users' sign-in (one per role) for `npm start`; never in production. */
    LOCAL_SIGN_IN: flag.prefault('false'),

    /** The Redis stream every CSV export is audited in, and about how many entries it keeps. */
    EXPORT_AUDIT_STREAM: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,100}$/)
      .default('crm-console:export-audit'),
    EXPORT_AUDIT_KEEP: z.coerce.number().int().min(1_000).default(1_000_000),

    /**
     * OIDC sign-in (authorisation code with PKCE), the production sign-in: set the issuer, the
     * client and the redirect URI (`https://<console>/session/oidc/callback`) to turn it on.
     */
    OIDC_ISSUER_URL: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** A confidential client's secret (the chart takes it from a Secret); none for a public client. */
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_REDIRECT_URI: z.url().optional(),
    OIDC_SCOPES: z
      .string()
      .regex(/^openid( [\x21\x23-\x5B\x5D-\x7E]+)*$/, 'space-separated scopes, openid first')
      .default('openid profile'),
    /** Which ID-token claims carry the CRM's user id, name, roles (or groups) and region. */
    OIDC_USER_ID_CLAIM: z.string().min(1).default('sub'),
    OIDC_NAME_CLAIM: z.string().min(1).default('name'),
    OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
    OIDC_REGION_CLAIM: z.string().min(1).default('region'),
    /** `group=role,…`: the provider's groups → CRM roles; empty: the claim names CRM roles. */
    OIDC_ROLE_MAP: z
      .string()
      .default('')
      .transform((text, context): Record<string, Role> => {
        try {
          return parseRoleMap(text);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    /** A provider on plain http (the tests' own); refused in production. */
    OIDC_ALLOW_HTTP: flag.prefault('false'),

    /**
     * Live updates (server-sent events, `GET /live`) from the topics: the brokers, and the topic
     * and group prefixes the services use. No brokers: the console runs without live updates.
     */
    KAFKA_BROKERS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      ),
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]{0,60}$/)
      .default(''),
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().positive().default(3),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
    CONSUMER_GROUP_PREFIX: z.string().min(1).default('crm'),
    /** Names this instance's own consumer group (`<prefix>.console.live.<id>`): the pod's name. */
    LIVE_INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .default(
        hostname()
          .replace(/[^A-Za-z0-9._-]/g, '-')
          .slice(0, 100) || 'console',
      ),
    /** How long the owner and region of a customer are remembered for the live updates' scope. */
    LIVE_CUSTOMER_REF_TTL: durationSetting.prefault('5m'),
    /** Notices a slow browser may have waiting before new ones are dropped for it. */
    LIVE_MAX_PENDING: z.coerce.number().int().min(1).default(1_000),
    /** The organization directory: where reps and managers work (the services' own file). */
    ORGANIZATION_FILE: z.string().min(1).default('config/organization.yaml'),

    /** Where the built single-page app is (`npm run build:console`). */
    WEB_ROOT: z.string().min(1).default('dist/console-web'),
  })
  .refine((config) => config.SESSION_TTL <= 12 * 3_600_000, {
    message: 'at most 12h: the services refuse tokens older than that',
    path: ['SESSION_TTL'],
  })
  .refine((config) => !(config.LOCAL_SIGN_IN && config.NODE_ENV === 'production'), {
    message: 'the demo users cannot sign in to a production console',
    path: ['LOCAL_SIGN_IN'],
  })
  .refine(
    (config) =>
      [config.OIDC_ISSUER_URL, config.OIDC_CLIENT_ID, config.OIDC_REDIRECT_URI].every(
        (value) => value === undefined,
      ) ||
      [config.OIDC_ISSUER_URL, config.OIDC_CLIENT_ID, config.OIDC_REDIRECT_URI].every(
        (value) => value !== undefined,
      ),
    {
      message: 'OIDC needs OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_REDIRECT_URI together',
      path: ['OIDC_ISSUER_URL'],
    },
  )
  .refine((config) => !(config.OIDC_ALLOW_HTTP && config.NODE_ENV === 'production'), {
    message: 'a production console talks to its provider over https only',
    path: ['OIDC_ALLOW_HTTP'],
  });

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const loadConsoleConfig = (env?: NodeJS.ProcessEnv): ConsoleConfig =>
  loadConfig(consoleConfigSchema, {}, env);
