import { MongoClient } from 'mongodb';
import {
  serviceEnv,
  signToken,
  uniqueSuffix,
  callersOf,
  callJson,
  type RunningService,
  organizationFile,
} from '@crm/testing';
import { startCustomers } from './service-support';

const suffix = uniqueSuffix();
const CAP = 3;
const env = serviceEnv('customers', suffix, {
  KEY_ACCOUNT_CAP: String(CAP),
  ORGANIZATION_FILE: organizationFile([`north-${suffix}`]),
});

type Json = Record<string, unknown>;

describe('customers: key accounts (D8) — written criteria and a hard cap', () => {
  let service: RunningService;
  let mongo: MongoClient;
  const region = `north-${suffix}`;
  const tokens: Record<string, string> = {};

  const call = callersOf(() => service.url, tokens);
  const register = async (expectedAnnualPurchase: number) => {
    const response = await call('manager', 'POST', '/customers', {
      name: `Account ${uniqueSuffix()}`,
      nature: 'special_company',
      region,
      ownerId: `rep-${suffix}`,
      expectedAnnualPurchase,
    });
    expect(response.status).toBe(201);
    return response.body['customerId'] as string;
  };
  const byCriteria = {
    criterion: 'tier_and_fund_band',
    reason: '2026 review: fund band key',
    keyAccountManagerId: 'kam-1',
    executiveSponsorId: 'vp-1',
  };
  const strategic = {
    ...byCriteria,
    criterion: 'strategic',
    reason: 'pilot customer for the new product line',
  };
  const designate = (customerId: string, body: Json = byCriteria, who = 'manager') =>
    call(who, 'POST', `/customers/${customerId}/key-account`, body);
  const retire = (customerId: string) =>
    call('manager', 'DELETE', `/customers/${customerId}/key-account`, {
      reason: 'no longer meets the criteria',
    });
  const slots = () => mongo.db(env.MONGODB_DATABASE).collection('key_account_slots');

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    service = await startCustomers(env);
    tokens['manager'] = await signToken({ sub: `mgr-${suffix}`, roles: ['sales_manager'], region });
    tokens['rep'] = await signToken({ sub: `rep-${suffix}`, roles: ['sales_rep'] });
  });

  afterAll(async () => {
    await service?.stop();
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  it('checks the written criteria, records manager and sponsor, enforces the cap, and allows retire and re-designate', async () => {
    const small = await register(50_000);
    const refused = await designate(small);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: 'urn:crm:problem:key-account-criteria-not-met',
      unmet: ['fund band must be one of key (is small)'],
    });
    expect(await slots().countDocuments({})).toBe(0);

    const big = await register(800_000);
    const designated = await designate(big);
    expect(designated.status).toBe(201);
    expect(designated.body).toMatchObject({ eventTypes: ['KeyAccountDesignated'], slot: 1 });
    expect((await call('manager', 'GET', `/customers/${big}`)).body).toMatchObject({
      keyAccount: {
        criterion: 'tier_and_fund_band',
        keyAccountManagerId: 'kam-1',
        executiveSponsorId: 'vp-1',
        slot: 1,
      },
    });
    expect((await designate(big)).body).toMatchObject({
      status: 409,
      type: 'urn:crm:problem:already-key-account',
    });

    // A strategic designation needs no fund band, only the written reason.
    expect((await designate(small, strategic)).status).toBe(201);
    expect((await designate(small, { ...strategic, reason: '' })).status).toBe(400);

    // Concurrent designations beyond the cap: exactly the free slots are taken.
    const candidates = await Promise.all([register(900_000), register(900_000), register(900_000)]);
    const results = await Promise.all(candidates.map((id) => designate(id)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const capped = results.find((r) => r.status === 409)!;
    expect(capped.body).toMatchObject({
      type: 'urn:crm:problem:key-account-cap-reached',
      cap: CAP,
    });
    expect(await slots().countDocuments({})).toBe(CAP);

    // Retiring frees a slot for another; the retired account can be designated again later.
    expect((await retire(big)).status).toBe(200);
    expect((await call('manager', 'GET', `/customers/${big}`)).body).toMatchObject({
      keyAccount: null,
    });
    expect((await retire(big)).body).toMatchObject({
      status: 409,
      type: 'urn:crm:problem:not-key-account',
    });
    const waiting = candidates[results.findIndex((r) => r.status === 409)]!;
    expect((await designate(waiting)).body).toMatchObject({ slot: 1 });
    expect((await designate(big)).body).toMatchObject({
      type: 'urn:crm:problem:key-account-cap-reached',
    });
    expect((await retire(small)).status).toBe(200);
    expect((await designate(big)).status).toBe(201);
    expect(await slots().countDocuments({})).toBe(CAP);
  });

  it('frees a slot whose designation never reached the stream, once it is older than the grace period', async () => {
    // A process died between claiming slot 1 and appending: the claim names a customer that is no key account.
    const service2Env = serviceEnv('customers', `${suffix}b`, {
      KEY_ACCOUNT_CAP: '1',
      KEY_ACCOUNT_SLOT_REPAIR_AFTER_MS: '1',
      ORGANIZATION_FILE: organizationFile([`north-${suffix}`]),
    });
    const other = await startCustomers(service2Env);
    try {
      const db = mongo.db(service2Env.MONGODB_DATABASE);
      await db.collection<{ _id: number }>('key_account_slots').insertOne({
        _id: 1,
        customerId: '0193aaaa-0000-7000-8000-00000000dead',
        claimedAt: new Date(Date.now() - 60_000),
      } as never);
      const token = tokens['manager'];
      const registered = await callJson(other.url, 'POST', '/customers', {
        token,
        body: { name: 'Pilot', nature: 'government', region, ownerId: `rep-${suffix}` },
      });
      const customerId = registered.body['customerId'] as string;
      const designated = await callJson(other.url, 'POST', `/customers/${customerId}/key-account`, {
        token,
        body: strategic,
      });
      expect(designated.status).toBe(201);
      expect(await db.collection('key_account_slots').find({}).toArray()).toEqual([
        expect.objectContaining({ _id: 1, customerId }),
      ]);
    } finally {
      await other.stop();
      await mongo.db(service2Env.MONGODB_DATABASE).dropDatabase();
    }
  });

  it('is for managers and admins: a rep gets 403', async () => {
    const customerId = await register(900_000);
    expect((await designate(customerId, byCriteria, 'rep')).status).toBe(403);
  });
});
