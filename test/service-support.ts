import { MongoClient, type Db } from 'mongodb';
import { eventually, startService, type JsonAnswer, type RunningService } from '@crm/testing';
import { AnalyticsAppModule } from '@apps/analytics/src/analytics-app.module';
import { loadAnalyticsConfig } from '@apps/analytics/src/analytics.config';
import { ComplaintsAppModule } from '@apps/complaints/src/complaints-app.module';
import { loadComplaintsConfig } from '@apps/complaints/src/complaints.config';
import { CustomersAppModule } from '@apps/customers/src/customers-app.module';
import { loadCustomersConfig } from '@apps/customers/src/customers.config';
import { VisitsAppModule } from '@apps/visits/src/visits-app.module';
import { loadVisitsConfig } from '@apps/visits/src/visits.config';

/** Each service in this process on the given environment, as its main.ts would start it. */
export const startCustomers = (env: Record<string, string>): Promise<RunningService> => {
  const config = loadCustomersConfig(env);
  return startService(CustomersAppModule.with(config), config, 'customers');
};

export const startVisits = (env: Record<string, string>): Promise<RunningService> => {
  const config = loadVisitsConfig(env);
  return startService(VisitsAppModule.with(config), config, 'visits');
};

export const startComplaints = (env: Record<string, string>): Promise<RunningService> => {
  const config = loadComplaintsConfig(env);
  return startService(ComplaintsAppModule.with(config), config, 'complaints');
};

export const startAnalytics = (env: Record<string, string>): Promise<RunningService> => {
  const config = loadAnalyticsConfig(env);
  return startService(AnalyticsAppModule.with(config), config, 'analytics');
};

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
