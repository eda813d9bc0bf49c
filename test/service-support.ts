import { MongoClient, type Db } from 'mongodb';
import type { Role } from '@crm/contracts';
import {
  callersOf,
  eventually,
  organizationFile,
  serviceEnv,
  serviceStarter,
  signToken,
  uniqueSuffix,
  type JsonAnswer,
  type RunningService,
} from '@crm/testing';
import { AnalyticsAppModule } from '@apps/analytics/src/analytics-app.module';
import { loadAnalyticsConfig } from '@apps/analytics/src/analytics.config';
import { ComplaintsAppModule } from '@apps/complaints/src/complaints-app.module';
import { loadComplaintsConfig } from '@apps/complaints/src/complaints.config';
import { CustomersAppModule } from '@apps/customers/src/customers-app.module';
import { loadCustomersConfig } from '@apps/customers/src/customers.config';
import { VisitsAppModule } from '@apps/visits/src/visits-app.module';
import { loadVisitsConfig } from '@apps/visits/src/visits.config';

/** Each service in this process on the given environment, as its main.ts would start it. */
export const startCustomers = serviceStarter(loadCustomersConfig, CustomersAppModule, 'customers');
export const startVisits = serviceStarter(loadVisitsConfig, VisitsAppModule, 'visits');
export const startComplaints = serviceStarter(
  loadComplaintsConfig,
  ComplaintsAppModule,
  'complaints',
);
export const startAnalytics = serviceStarter(loadAnalyticsConfig, AnalyticsAppModule, 'analytics');

/** Drops a suite's private databases (its services' MONGODB_DATABASE) once it is done. */
export async function dropDatabases(...names: readonly string[]): Promise<void> {
  const mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
  try {
    for (const name of names) await mongo.db(name).dropDatabase();
  } finally {
    await mongo.close();
  }
}

/** A refusal as every edge gives it: this status, as application/problem+json. */
export function expectProblem(answer: Pick<JsonAnswer, 'status' | 'type'>, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.type).toMatch(/^application\/problem\+json/);
}

/** The collection a projection lives in now: its slot after a rebuild, else where it started. */
async function liveCollection(db: Db, projection: string, initial: string): Promise<string> {
  const slot = await db
    .collection<{ _id: string; collection: string }>('projection_slots')
    .findOne({ _id: projection });
  return slot?.collection ?? initial;
}

/**
 * Waits until the complaints service started on `database` knows these customers (registered,
 * merged away or erased): before that, POST /complaints refuses them as unknown (ADR 141).
 */
export async function knownToComplaints(
  database: string,
  customerIds: readonly string[],
  status?: 'active' | 'merged' | 'erased',
): Promise<void> {
  const mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
  try {
    await eventually(
      async () =>
        (await mongo
          .db(database)
          .collection(
            await liveCollection(mongo.db(database), 'complaint-customers', 'complaint_customers'),
          )
          .countDocuments({
            _id: { $in: [...customerIds] as never[] },
            status: status ?? { $exists: true },
          })) === customerIds.length
          ? true
          : undefined,
      { timeoutMs: 30_000, what: `${customerIds.length} customer(s) known to complaints` },
    );
  } finally {
    await mongo.close();
  }
}

/** A person of a two-region test organization, named by what the test calls them ("rep east"). */
export interface RegionalPerson {
  readonly roles: readonly Role[];
  readonly region?: 'east' | 'west';
  /** In the organization directory (the default), or holding a token only (an analyst, say). */
  readonly listed?: boolean;
}

/**
 * The customers and analytics services on a private organization of two regions, east and west,
 * with the people given and an admin: the set-up of the tests that register customers over HTTP and
 * read what analytics makes of them. Callers are named as the people are ("admin" included); each
 * person's id is their name with the run's suffix (`idOf`).
 */
export function customersAndAnalytics(
  people: Readonly<Record<string, RegionalPerson>>,
  options: { readonly analyticsOpensSealedText?: boolean } = {},
) {
  const suffix = uniqueSuffix();
  const regions = { east: `east-${suffix}`, west: `west-${suffix}` };
  const idOf = (who: string): string => `${who.replace(/\s+/g, '-')}-${suffix}`;
  const regionOf = (person: RegionalPerson) =>
    person.region === undefined ? {} : { region: regions[person.region] };
  const organization = organizationFile(
    Object.values(regions),
    Object.entries(people)
      .filter(([, person]) => person.listed !== false)
      .map(([who, person]) => ({ id: idOf(who), roles: person.roles, ...regionOf(person) })),
  );
  const customersEnv = serviceEnv('customers', suffix, { ORGANIZATION_FILE: organization });
  const analyticsEnv = serviceEnv('analytics', suffix, {
    JOBS_PREFIX: `test-${suffix}`,
    ORGANIZATION_FILE: organization,
  });
  const tokens: Record<string, string> = {};
  let customers: RunningService | undefined;
  let analytics: RunningService | undefined;
  const onCustomers = callersOf(() => customers!.url, tokens);

  return {
    suffix,
    ...regions,
    idOf,
    onCustomers,
    onAnalytics: callersOf(() => analytics!.url, tokens),

    async start(): Promise<void> {
      customers = await startCustomers(customersEnv);
      // A sealed text (a survey's comment) is opened by analytics through the customers' key API.
      analytics = await startAnalytics(
        options.analyticsOpensSealedText === true
          ? { ...analyticsEnv, CUSTOMERS_URL: customers.url }
          : analyticsEnv,
      );
      tokens['admin'] = await signToken({ sub: idOf('admin'), roles: ['admin'] });
      for (const [who, person] of Object.entries(people)) {
        tokens[who] = await signToken({
          sub: idOf(who),
          roles: [...person.roles],
          ...regionOf(person),
        });
      }
    },

    async stop(): Promise<void> {
      await Promise.allSettled([customers?.stop(), analytics?.stop()]);
      await dropDatabases(customersEnv.MONGODB_DATABASE, analyticsEnv.MONGODB_DATABASE);
    },

    /** Registers a customer of `owner` (a person's name) through the API, as the admin. */
    async register(name: string, region: 'east' | 'west', owner: string): Promise<string> {
      const answer = await onCustomers('admin', 'POST', '/customers', {
        name,
        nature: 'ordinary_company',
        region: regions[region],
        ownerId: idOf(owner),
      });
      expect(answer.status).toBe(201);
      return answer.body['customerId'] as string;
    },
  };
}
