import {
  eventually,
  serviceEnv,
  signToken,
  testTopic,
  TopicTap,
  uniqueSuffix,
  callersOf,
  type RunningService,
  organizationFile,
} from '@crm/testing';
import { Topics } from '@crm/contracts';
import { dropDatabases, startCustomers } from './service-support';

const suffix = uniqueSuffix();
const env = serviceEnv('customers', suffix, {
  ORGANIZATION_FILE: organizationFile([`merge-${suffix}`]),
});

type Json = Record<string, unknown>;

describe('customers: merging a duplicate into a survivor (CustomerMerged)', () => {
  let service: RunningService;
  let tap: TopicTap;
  const region = `merge-${suffix}`;
  const rep = `rep-${suffix}`;
  const tokens: Record<string, string> = {};

  const call = callersOf(() => service.url, tokens);
  /** The manager registers a customer of the rep in the suite's region. */
  const registerAs = (name: string) =>
    call('manager', 'POST', '/customers', {
      name,
      nature: 'ordinary_company',
      region,
      ownerId: rep,
    });
  /** Waits until the card projection finds exactly one customer by this name (in lower case). */
  const onlyOneCardFound = (name: string) =>
    eventually(async () => {
      const page = await call(
        'manager',
        'GET',
        `/customers?q=${encodeURIComponent(name.toLowerCase())}`,
      );
      return (page.body['items'] as Json[]).length === 1 ? true : undefined;
    });
  /** The manager records a purchase of the customer. */
  const buy = (customerId: string, orderReference: string, amount: number) =>
    call('manager', 'POST', `/customers/${customerId}/purchases`, {
      amount,
      currency: 'CNY',
      occurredAt: '2026-04-01T10:00:00+08:00',
      productLine: 'valves',
      sourceSystem: 'erp-sap',
      orderReference,
    });

  beforeAll(async () => {
    tap = await new TopicTap(testTopic(suffix, Topics.customers)).open();
    service = await startCustomers(env);
    tokens['manager'] = await signToken({ sub: `mgr-${suffix}`, roles: ['sales_manager'], region });
    tokens['rep'] = await signToken({ sub: rep, roles: ['sales_rep'] });
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await dropDatabases(env.MONGODB_DATABASE);
  });

  it('carries purchases, points and contacts to the survivor, leaves the duplicate read-only, and updates lists and the review', async () => {
    const name = `Xihu Merge ${suffix} Valves`;
    const survivor = await registerAs(`${name} Co., Ltd.`);
    expect(survivor.status).toBe(201);
    const survivorId = survivor.body['customerId'] as string;
    // The card projection knows the survivor before the duplicate registers (flagged at registration).
    await onlyOneCardFound(name);
    const duplicate = await registerAs(name.toLowerCase());
    expect(duplicate.status).toBe(201);
    expect(duplicate.body['possibleDuplicates']).toEqual([
      expect.objectContaining({ customerId: survivorId, matchedOn: ['name'] }),
    ]);
    const duplicateId = duplicate.body['customerId'] as string;

    const contact = await call('manager', 'POST', `/customers/${duplicateId}/contacts`, {
      name: `Chen Jie ${suffix}`,
      buyingRole: 'buyer',
    });
    expect(contact.status).toBe(201);
    const bought = await buy(duplicateId, `SO-${suffix}-D1`, 5000);
    expect(bought.status).toBe(201);
    const duplicatePurchaseId = bought.body['purchaseId'] as string;
    const redeemed = await call('manager', 'POST', `/customers/${duplicateId}/points/redeem`, {
      points: 10,
      voucher: '免费上门检修 free visit',
    });
    expect(redeemed.status).toBe(201);
    const voucherId = redeemed.body['redemptionId'] as string;
    expect((await buy(survivorId, `SO-${suffix}-S1`, 1000)).status).toBe(201);

    // The duplicate is in the review list, pointing at the survivor.
    await eventually(async () => {
      const review = await call('manager', 'GET', '/customers/duplicates?limit=500');
      const item = (review.body['items'] as Json[]).find((i) => i['customerId'] === duplicateId);
      return item && (item['possibleDuplicateOf'] as string[]).includes(survivorId)
        ? item
        : undefined;
    });

    // Who and what may merge.
    expect(
      (await call('rep', 'POST', `/customers/${duplicateId}/merge`, { survivorId })).status,
    ).toBe(403);
    expect((await call('manager', 'POST', `/customers/${duplicateId}/merge`, {})).status).toBe(400);
    const intoItself = await call('manager', 'POST', `/customers/${duplicateId}/merge`, {
      survivorId: duplicateId,
    });
    expect(intoItself.status).toBe(409);
    const stale = await call(
      'manager',
      'POST',
      `/customers/${duplicateId}/merge`,
      { survivorId },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);

    const merged = await call('manager', 'POST', `/customers/${duplicateId}/merge`, { survivorId });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      duplicate: { customerId: duplicateId, eventTypes: ['CustomerMerged'] },
      survivor: { customerId: survivorId, eventTypes: ['CustomerMerged'] },
    });
    // Repeating it completes nothing new (and would complete a merge interrupted between streams).
    const again = await call('manager', 'POST', `/customers/${duplicateId}/merge`, { survivorId });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      duplicate: { eventTypes: [] },
      survivor: { eventTypes: [] },
    });

    // The duplicate is read-only and shows where it went.
    const duplicateCard = await call('manager', 'GET', `/customers/${duplicateId}`);
    expect(duplicateCard.body).toMatchObject({ mergedInto: survivorId });
    const patch = await call('manager', 'PATCH', `/customers/${duplicateId}`, { city: 'Ningbo' });
    expect(patch.status).toBe(409);
    expect(patch.body).toMatchObject({ currentState: 'merged', mergedInto: survivorId });
    expect((await buy(duplicateId, `SO-${suffix}-D2`, 10)).status).toBe(409);
    // A survivor that was merged away cannot take a merge either.
    expect(
      (await call('manager', 'POST', `/customers/${survivorId}/merge`, { survivorId: duplicateId }))
        .status,
    ).toBe(409);

    // The survivor has the revenue, points (earned 50 + 10, 10 redeemed) and the contact.
    const survivorCard = await call('manager', 'GET', `/customers/${survivorId}`);
    expect(survivorCard.body).toMatchObject({
      revenue: { amount: 6000 },
      pointsBalance: 50,
      absorbed: [duplicateId],
      contacts: [expect.objectContaining({ name: `Chen Jie ${suffix}`, buyingRole: 'buyer' })],
    });
    // A refund of the duplicate's purchase is now the survivor's.
    const refund = await call(
      'manager',
      'POST',
      `/customers/${survivorId}/purchases/${duplicatePurchaseId}/reversals`,
      {
        amount: 1000,
        occurredAt: '2026-04-10T10:00:00+08:00',
        reason: 'one valve returned',
      },
    );
    expect(refund.status).toBe(201);
    expect((await call('manager', 'GET', `/customers/${survivorId}`)).body).toMatchObject({
      revenue: { amount: 5000 },
      pointsBalance: 40,
    });

    // D11: the duplicate's open voucher is the survivor's now: listed, and used once on a purchase.
    expect((await call('manager', 'GET', `/customers/${survivorId}`)).body['vouchers']).toEqual([
      expect.objectContaining({ voucherId, voucher: '免费上门检修 free visit', points: 10 }),
    ]);
    const withVoucher = (orderReference: string) => ({
      amount: 300,
      currency: 'CNY',
      occurredAt: new Date().toISOString(),
      productLine: 'valves',
      sourceSystem: 'erp-sap',
      orderReference,
      voucherId,
    });
    const used = await call(
      'manager',
      'POST',
      `/customers/${survivorId}/purchases`,
      withVoucher(`SO-${suffix}-S2`),
    );
    expect(used.status).toBe(201);
    const usedAgain = await call(
      'manager',
      'POST',
      `/customers/${survivorId}/purchases`,
      withVoucher(`SO-${suffix}-S3`),
    );
    expect(usedAgain).toMatchObject({ status: 409 });

    // Lists show the survivor only; the review list no longer shows the pair.
    await eventually(async () => {
      const page = await call(
        'manager',
        'GET',
        `/customers?q=${encodeURIComponent(name.toLowerCase())}`,
      );
      const ids = (page.body['items'] as Json[]).map((i) => i['customerId']);
      return ids.length === 1 && ids[0] === survivorId ? ids : undefined;
    });
    const review = await call('manager', 'GET', '/customers/duplicates?limit=500');
    const reviewIds = (review.body['items'] as Json[]).map((i) => i['customerId']);
    expect(reviewIds).not.toContain(duplicateId);
    expect(reviewIds).not.toContain(survivorId);
    // The contact carried over is searchable on the survivor.
    await eventually(async () => {
      const page = await call(
        'manager',
        'GET',
        `/customers?q=${encodeURIComponent(`chen jie ${suffix}`)}`,
      );
      const ids = (page.body['items'] as Json[]).map((i) => i['customerId']);
      return ids.length === 1 && ids[0] === survivorId ? ids : undefined;
    });

    // Both sides are published.
    const messages = await tap.waitFor((r) => String(r.value['type']).includes('CustomerMerged'), {
      count: 2,
    });
    expect(messages.map((m) => (m.value['data'] as Json)['role']).sort()).toEqual([
      'duplicate',
      'survivor',
    ]);
    expect(messages.map((m) => m.key).sort()).toEqual([duplicateId, survivorId].sort());
  });

  it('dismisses a false duplicate: the pair leaves the review and the on-demand lists', async () => {
    const name = `Gongshu Namesake ${suffix} Foods`;
    const register = async () => {
      const response = await registerAs(name);
      expect(response.status).toBe(201);
      return response.body['customerId'] as string;
    };
    const first = await register();
    await onlyOneCardFound(name);
    const second = await register();
    const flagged = await eventually(async () => {
      const review = await call('manager', 'GET', '/customers/duplicates?limit=500');
      return (review.body['items'] as Json[]).find((i) => i['customerId'] === second);
    });
    expect(flagged).toMatchObject({ possibleDuplicateOf: [first] });
    const before = await call('manager', 'GET', `/customers/${first}/duplicates`);
    expect(before.body['items']).toEqual([expect.objectContaining({ customerId: second })]);

    expect(
      (
        await call('manager', 'POST', `/customers/${second}/duplicates/dismiss`, {
          otherCustomerId: second,
        })
      ).status,
    ).toBe(409);
    const dismissed = await call('manager', 'POST', `/customers/${second}/duplicates/dismiss`, {
      otherCustomerId: first,
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ eventTypes: ['PossibleDuplicateDismissed'] });
    const again = await call('manager', 'POST', `/customers/${second}/duplicates/dismiss`, {
      otherCustomerId: first,
    });
    expect(again.body).toMatchObject({ eventTypes: [] });

    await eventually(async () => {
      const review = await call('manager', 'GET', '/customers/duplicates?limit=500');
      const ids = (review.body['items'] as Json[]).map((i) => i['customerId']);
      return ids.includes(second) ? undefined : ids;
    });
    const ofSecond = await call('manager', 'GET', `/customers/${second}/duplicates`);
    expect(ofSecond.body['items']).toEqual([]);
    const ofFirst = await call('manager', 'GET', `/customers/${first}/duplicates`);
    expect(ofFirst.body['items']).toEqual([]);
  });
});
