import { MongoClient } from 'mongodb';
import { ERASED_TEXT } from '@crm/contracts';
import {
  eventually,
  removeJobQueues,
  serviceEnv,
  signToken,
  uniqueSuffix,
  callJson,
  type RunningService,
  organizationFile,
} from '@crm/testing';
import { EraseInactiveCustomersHandler } from '@apps/customers/src/customer/application/retention/erase-inactive-customers.handler';
import {
  customerRetentionJob,
  pointsExpiryJob,
} from '@apps/customers/src/customer/application/customer.jobs';
import { CustomerSchedulesWorker } from '@apps/customers/src/customer/interface/customer-schedules.worker';
import { startCustomers } from './service-support';

const DAY_MS = 86_400_000;
const RETENTION_DAYS = 730;

describe('customers: scheduled sweeps (retention erasure, D11 points expiry)', () => {
  const suffix = uniqueSuffix();
  const region = `retention-${suffix}`;
  const env = serviceEnv('customers', suffix, {
    CUSTOMER_RETENTION_DAYS: String(RETENTION_DAYS),
    JOBS_PREFIX: `test-retention-${suffix}`,
    ORGANIZATION_FILE: organizationFile([region]),
    // The points expiry sweep every second: the test sees it run on its own.
    POINTS_EXPIRY_CRON: '* * * * * *',
  });
  let service: RunningService;
  let mongo: MongoClient;
  let admin: string;

  const call = (method: string, path: string, body?: unknown) =>
    callJson(service.url, method, path, { token: admin, body });

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    service = await startCustomers(env);
    admin = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
  });

  afterAll(async () => {
    await service?.stop();
    await removeJobQueues(env.REDIS_URL, `test-retention-${suffix}`, [
      customerRetentionJob.queue,
      pointsExpiryJob.queue,
    ]);
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  it('schedules the sweep, erases only customers inactive for the period, with the retention reason, once', async () => {
    expect(await service.app.get(CustomerSchedulesWorker).nextRun(customerRetentionJob)).toEqual(
      expect.any(Date),
    );

    const names = [`杭州钱塘留存贸易 ${suffix}`, `Ningbo Retention Works ${suffix}`];
    const ids: string[] = [];
    for (const name of names) {
      const registered = await call('POST', '/customers', {
        name,
        nature: 'ordinary_company',
        region,
        ownerId: `rep-${suffix}`,
        phone: '+86 571 8765 4321',
      });
      expect(registered.status).toBe(201);
      ids.push(registered.body['customerId'] as string);
    }
    // A purchase far beyond 2^31 cents is activity like any other event.
    expect(
      (
        await call('POST', `/customers/${ids[1]}/purchases`, {
          amount: 98_765_432_109,
          currency: 'CNY',
          occurredAt: '2026-05-04T10:00:00+08:00',
          productLine: 'pumps',
          sourceSystem: 'erp-sap',
          orderReference: `SO-${suffix}-1`,
        })
      ).status,
    ).toBe(201);
    const cards = mongo.db(env.MONGODB_DATABASE).collection('customer_cards');
    await eventually(async () => {
      const count = await cards.countDocuments({ _id: { $in: ids as never[] } });
      return count === ids.length ? count : undefined;
    });

    const sweep = service.app.get(EraseInactiveCustomersHandler);
    // One day short of the period: nobody is erased.
    expect(await sweep.execute(new Date(Date.now() + (RETENTION_DAYS - 1) * DAY_MS))).toBe(0);
    const later = new Date(Date.now() + (RETENTION_DAYS + 1) * DAY_MS);
    expect(await sweep.execute(later)).toBe(ids.length);

    for (const [index, id] of ids.entries()) {
      const card = await call('GET', `/customers/${id}`);
      expect(card.status).toBe(200);
      expect(card.body['name']).toBe(ERASED_TEXT);
      expect(JSON.stringify(card.body)).not.toContain(names[index]!);
      const history = await call('GET', `/customers/${id}/history`);
      expect(JSON.stringify(history.body)).toContain('retention_period_ended');
    }
    // The ledger survives the erasure.
    expect((await call('GET', `/customers/${ids[1]}`)).body).toMatchObject({
      revenue: { amount: 98_765_432_109 },
    });
    // Once the list has seen the erasures, a second run finds nobody left to erase.
    await eventually(async () => {
      const erased = await cards.countDocuments({
        _id: { $in: ids as never[] },
        erasedAt: { $exists: true },
      });
      return erased === ids.length ? erased : undefined;
    });
    expect(await sweep.execute(later)).toBe(0);
  });

  it('D11: expires the points earned more than POINTS_EXPIRY_DAYS ago and not used, on its own, once', async () => {
    expect(await service.app.get(CustomerSchedulesWorker).nextRun(pointsExpiryJob)).toEqual(
      expect.any(Date),
    );
    const registered = await call('POST', '/customers', {
      name: `苏州积分过期测试 ${suffix}`,
      nature: 'ordinary_company',
      region,
      ownerId: `rep-${suffix}`,
    });
    const customerId = registered.body['customerId'] as string;
    const purchase = (orderReference: string, amount: string, daysAgo: number) =>
      call('POST', `/customers/${customerId}/purchases`, {
        amount,
        currency: 'CNY',
        occurredAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
        productLine: 'pumps',
        sourceSystem: 'erp-sap',
        orderReference,
      });
    // 400 days ago: 50,000,000,000.00 CNY earns 500,000,000 points, all expired by now; yesterday 300.
    expect((await purchase(`SO-${suffix}-old`, '50000000000.00', 400)).status).toBe(201);
    expect((await purchase(`SO-${suffix}-new`, '300.00', 1)).status).toBe(201);
    const expiredEvents = async () =>
      (
        (await call('GET', `/customers/${customerId}/history`)).body['events'] as {
          type: string;
          data: Record<string, unknown>;
        }[]
      ).filter((event) => event.type === 'PointsExpired');
    await eventually(async () => ((await expiredEvents()).length > 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the scheduled points expiry',
    });
    // The sweep keeps running each second: it expires nothing more.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const expired = await expiredEvents();
    expect(expired.map((event) => event.data['points'])).toEqual([500_000_000]);
    expect((await call('GET', `/customers/${customerId}`)).body['pointsBalance']).toBe(3);
  });
});
