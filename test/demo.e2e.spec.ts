import { MongoClient } from 'mongodb';
import {
  eventually,
  serviceEnv,
  signToken,
  startService,
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  TEST_JWT_SECRET,
  uniqueSuffix,
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
import { runDemo, type DemoSummary } from '../bench/demo';

const suffix = uniqueSuffix();
const envs = {
  customers: serviceEnv('customers', suffix),
  visits: serviceEnv('visits', suffix, { JOBS_PREFIX: `test-${suffix}` }),
  complaints: serviceEnv('complaints', suffix, { JOBS_PREFIX: `test-${suffix}` }),
  analytics: serviceEnv('analytics', suffix),
};

describe('npm run demo: a realistic customer base through the public APIs', () => {
  const services: Partial<Record<keyof typeof envs, RunningService>> = {};
  let mongo: MongoClient;

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    const customers = loadCustomersConfig(envs.customers);
    const visits = loadVisitsConfig(envs.visits);
    const complaints = loadComplaintsConfig(envs.complaints);
    const analytics = loadAnalyticsConfig(envs.analytics);
    [services.customers, services.visits, services.complaints, services.analytics] =
      await Promise.all([
        startService(CustomersAppModule.with(customers), customers, 'customers'),
        startService(VisitsAppModule.with(visits), visits, 'visits'),
        startService(ComplaintsAppModule.with(complaints), complaints, 'complaints'),
        startService(AnalyticsAppModule.with(analytics), analytics, 'analytics'),
      ]);
  });

  afterAll(async () => {
    await Promise.allSettled(Object.values(services).map((service) => service.stop()));
    await Promise.allSettled(
      Object.values(envs).map((env) => mongo.db(env.MONGODB_DATABASE).dropDatabase()),
    );
    await mongo?.close();
  });

  const demo = (): Promise<DemoSummary> =>
    runDemo({
      customers: 8,
      seed: 11,
      concurrency: 4,
      urls: {
        customers: services.customers!.url,
        visits: services.visits!.url,
        complaints: services.complaints!.url,
        analytics: services.analytics!.url,
      },
      secret: TEST_JWT_SECRET,
      issuer: TEST_JWT_ISSUER,
      audience: TEST_JWT_AUDIENCE,
      log: () => undefined,
    });

  /**
   * Events stored by each service the demo sends commands to: a re-run must not add any. (Analytics
   * is left out: each recompute the demo asks for is a new fact, a TierRecomputationCompleted.)
   */
  const storedEvents = async () =>
    Object.fromEntries(
      await Promise.all(
        (['customers', 'visits', 'complaints'] as const).map(async (service) => {
          const env = envs[service];
          const commits = await mongo
            .db(env.MONGODB_DATABASE)
            .collection('event_commits')
            .find({}, { projection: { events: 1 } })
            .toArray();
          const events = commits.reduce(
            (sum, commit) => sum + (commit['events'] as unknown[]).length,
            0,
          );
          return [service, events] as const;
        }),
      ),
    );

  it('registers customers with contacts and purchases, visits, opportunities and closed complaints, once', async () => {
    const first = await demo();
    expect(first).toMatchObject({ customers: 8, visits: 4, complaints: 1 });
    expect(first.contacts).toBeGreaterThanOrEqual(8);
    expect(first.purchases).toBeGreaterThanOrEqual(8);
    expect(first.opportunities).toBeGreaterThanOrEqual(1);

    const admin = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    const listed = await fetch(`${services.customers!.url}/customers?limit=500`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const items = ((await listed.json()) as { items: { customerId: string }[] }).items;
    expect(items).toHaveLength(8);

    // The customer base reaches analytics through Kafka.
    const analyst = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
    await eventually(
      async () => {
        const view = await fetch(
          `${services.analytics!.url}/analytics/customers/${items[0]!.customerId}`,
          { headers: { authorization: `Bearer ${analyst}` } },
        );
        return view.status === 200 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the customer in the analytics 360 view' },
    );

    const before = await storedEvents();
    expect(before['customers']).toBeGreaterThan(first.customers + first.contacts);
    const again = await demo();
    expect(again).toEqual(first);
    expect(await storedEvents()).toEqual(before);
  });
});
