import { z } from 'zod';
import { currencyCode, exchangeRatesSchema } from '@crm/contracts';
import { commaList, loadConfig, serviceConfigSchema, serviceIdentity } from '@crm/platform';

const positive = z.coerce.number().positive();
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Business defaults are docs/domain.md's (D1, D2, D8, D11); every one can be changed per deployment. */
export const customersConfigSchema = serviceConfigSchema({
  ...serviceIdentity('customers', 3001),
  /**
   * The other services that hold personal data about customers (visits, complaints, analytics):
   * the access export asks each one's `GET /personal-data/:customerId` (ADR 90).
   */
  PERSONAL_DATA_SOURCES: commaList.pipe(z.array(z.url())).default([]),
  /** D1 fund-size bands by expected annual purchase: key from, ordinary from (else small). */
  FUND_BAND_KEY_FROM: positive.default(500_000),
  FUND_BAND_ORDINARY_FROM: positive.default(100_000),
  /** D2: revenue, tiers and points are counted in the company currency (ADR 90). */
  COMPANY_CURRENCY: currencyCode.default('CNY'),
  /**
   * ADR 90: rates into the company currency, per currency from a business date on, as JSON:
   * {"USD":[{"from":"2026-01-01","rate":"7.1234"}]}. A purchase in a currency without a rate in
   * force on its business date is refused (422 naming `currency`).
   */
  EXCHANGE_RATES: z
    .string()
    .default('{}')
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(exchangeRatesSchema),
  /** D11: POINTS_EARNED points per POINTS_PER_AMOUNT currency units. */
  POINTS_PER_AMOUNT: positive.default(100),
  POINTS_EARNED: z.coerce.number().int().positive().default(1),
  /** D11: points expire this many days after the purchase that earned them (docs/domain.md sets no number). */
  POINTS_EXPIRY_DAYS: z.coerce.number().int().positive().default(365),
  /** When the points expiry sweep runs (cron), in POINTS_EXPIRY_TIME_ZONE. */
  POINTS_EXPIRY_CRON: z.string().min(9).default('15 2 * * *'),
  POINTS_EXPIRY_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  /** D8: key accounts — the hard cap and the written criteria. */
  KEY_ACCOUNT_CAP: z.coerce.number().int().positive().max(1000).default(25),
  KEY_ACCOUNT_FUND_BANDS: commaList
    .pipe(z.array(z.enum(['key', 'ordinary', 'small'])))
    .default(['key']),
  KEY_ACCOUNT_TIERS: commaList.pipe(z.array(z.enum(['A', 'B', 'C']))).default(['A']),
  KEY_ACCOUNT_ALLOW_STRATEGIC: flag.default(true),
  /** A slot claimed this long ago by a designation that never reached the stream is freed. */
  KEY_ACCOUNT_SLOT_REPAIR_AFTER_MS: z.coerce.number().int().positive().default(30_000),
  /**
   * Bulk purchase import: writes (and stream loads per write) in flight at once; each customer's
   * rows stay in order.
   */
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Bulk purchase import: folded customers kept in memory between rounds (bounds memory use); a
   * customer evicted is loaded again at its next batch.
   */
  IMPORT_CACHED_CUSTOMERS: z.coerce.number().int().min(1).default(5_000),
  /**
   * Bulk purchase import: the commits (and audit entries) of this many customers' batches are
   * written together, as one insert each (ADR 150).
   */
  IMPORT_CUSTOMERS_PER_WRITE: z.coerce.number().int().min(1).max(1_000).default(100),
  /**
   * Bulk purchase import: at most this many rows of one customer are recorded as one commit. On
   * FerretDB a purchase costs ~3× more to insert in a commit of 500 than in one of 10–50 (ADR 150).
   */
  IMPORT_BATCH_LINES: z.coerce.number().int().min(1).max(5_000).default(50),
  /** Bulk purchase import: rows read ahead and grouped by customer before their batches are recorded. */
  IMPORT_BUFFERED_LINES: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /**
   * Retention (ADR 110): a customer with no event for this many days is erased with the reason
   * `retention_period_ended`. A legal decision of each deployment: unset, nothing is erased and no
   * job is scheduled.
   */
  CUSTOMER_RETENTION_DAYS: z.coerce.number().int().positive().optional(),
  /** When the retention sweep runs (cron), in CUSTOMER_RETENTION_TIME_ZONE. */
  CUSTOMER_RETENTION_CRON: z.string().min(9).default('30 2 * * *'),
  CUSTOMER_RETENTION_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  /** Prefix of the customers service's BullMQ keys in Redis. */
  JOBS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('crm-jobs'),
}).refine((config) => config.FUND_BAND_ORDINARY_FROM < config.FUND_BAND_KEY_FROM, {
  message: 'must be below FUND_BAND_KEY_FROM',
  path: ['FUND_BAND_ORDINARY_FROM'],
});

export type CustomersConfig = z.infer<typeof customersConfigSchema>;

export const CUSTOMERS_CONFIG = Symbol('CUSTOMERS_CONFIG');

export const loadCustomersConfig = (env?: NodeJS.ProcessEnv): CustomersConfig =>
  loadConfig(customersConfigSchema, {}, env);
