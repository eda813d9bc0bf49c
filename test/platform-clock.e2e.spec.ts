import { MongoClient } from 'mongodb';
import { COMMITS_COLLECTION } from '@crm/event-store';
import {
  callJson,
  organizationFile,
  serviceEnv,
  signToken,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { startAnalytics, startCustomers } from './service-support';

/** Far from any day this suite runs on: a service on the system time cannot land here by chance. */
const STARTS_AT = '2031-05-04T01:02:03Z';
const STARTS_AT_MS = Date.parse(STARTS_AT);

/**
 * What a service started `bootedAt` (real time) reads as now at `real`: STARTS_AT when it boots,
 * then advancing with the real time. The clock starts while the service boots, so a reading lies
 * between STARTS_AT and STARTS_AT plus the real time elapsed since the boot began.
 */
const expectOnTheServiceClock = (instant: string, bootedAt: number, real: number): void => {
  const read = Date.parse(instant);
  expect(read).toBeGreaterThanOrEqual(STARTS_AT_MS);
  expect(read).toBeLessThanOrEqual(STARTS_AT_MS + (real - bootedAt));
};

describe('one clock: services started with CLOCK_STARTS_AT read that instant as now (ADR 147)', () => {
  const suffix = uniqueSuffix();
  const region = `clock-${suffix}`;
  const shared = { CLOCK_STARTS_AT: STARTS_AT, ORGANIZATION_FILE: organizationFile([region]) };
  const customersEnv = serviceEnv('customers', suffix, shared);
  const analyticsEnv = serviceEnv('analytics', suffix, shared);
  let customers: RunningService;
  let analytics: RunningService;
  /** Real time just before the services began to boot. */
  let bootedAt: number;
  let mongo: MongoClient;
  let admin: string;

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    admin = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    bootedAt = Date.now();
    [customers, analytics] = await Promise.all([
      startCustomers(customersEnv),
      startAnalytics(analyticsEnv),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([customers?.stop(), analytics?.stop()]);
    await mongo.db(customersEnv.MONGODB_DATABASE).dropDatabase();
    await mongo.db(analyticsEnv.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  it('records a registration at the configured time: its event and its commit', async () => {
    const registered = await callJson(customers.url, 'POST', '/customers', {
      token: admin,
      body: {
        name: `苏州时钟精密机械 ${suffix}`,
        nature: 'ordinary_company',
        region,
        ownerId: `rep-${suffix}`,
        phone: '+86 512 6543 2100',
      },
    });
    const answeredAt = Date.now();
    expect(registered.status).toBe(201);
    const customerId = registered.body['customerId'] as string;

    const commits = await mongo
      .db(customersEnv.MONGODB_DATABASE)
      .collection<{ createdAt: Date; events: { type: string; occurredAt: string }[] }>(
        COMMITS_COLLECTION,
      )
      .find({ stream: { $regex: customerId } })
      .toArray();
    expect(commits).toHaveLength(1);
    const [commit] = commits;
    expect(commit!.events.map((event) => event.type)).toEqual(['CustomerRegistered']);
    expectOnTheServiceClock(commit!.events[0]!.occurredAt, bootedAt, answeredAt);
    expectOnTheServiceClock(commit!.createdAt.toISOString(), bootedAt, answeredAt);
  });

  it('computes analytics as of the configured time when no asOf is given', async () => {
    const recomputed = await callJson(analytics.url, 'POST', '/analytics/tiers/recompute', {
      token: admin,
      body: {},
    });
    const answeredAt = Date.now();
    expect(recomputed.status).toBe(200);
    expect(recomputed.body['trigger']).toBe('on_demand');
    // The customer registered above is counted once analytics has applied its registration.
    expect([0, 1]).toContain(recomputed.body['customers']);
    expectOnTheServiceClock(recomputed.body['asOf'] as string, bootedAt, answeredAt);
  });
});
