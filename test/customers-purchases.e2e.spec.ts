import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import {
  serviceEnv,
  signToken,
  testTopic,
  TopicTap,
  uniqueSuffix,
  callJson,
  type RunningService,
} from '@crm/testing';
import { Topics } from '@crm/contracts';
import { loadCustomersConfig } from '@apps/customers/src/customers.config';
import type { RejectedRow } from '@apps/customers/src/customer/application/import-purchases/import-purchases.handler';
import { importPurchases } from '@apps/customers/src/customer/interface/import-purchases.cli';
import { startCustomers } from './service-support';

const suffix = uniqueSuffix();
const env = {
  ...serviceEnv('customers', suffix),
  // ADR 90: USD has a rate from 2026-01-01 (and a new one from 2026-07-01); EUR has none.
  EXCHANGE_RATES: JSON.stringify({
    USD: [
      { from: '2026-01-01', rate: '7.1234' },
      { from: '2026-07-01', rate: '7.0000' },
    ],
  }),
};
const config = loadCustomersConfig(env);

type Json = Record<string, unknown>;

describe('customers: purchases (D2), points (D11) and the bulk import', () => {
  let service: RunningService;
  let mongo: MongoClient;
  let dir: string;
  const rep = `rep-${suffix}`;
  let token: string;
  let adminToken: string;

  const call = (method: string, path: string, body?: unknown, auth = token) =>
    callJson(service.url, method, path, { token: auth, body });
  const register = async () => {
    const response = await call('POST', '/customers', {
      name: `Purchaser ${uniqueSuffix()}`,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: rep,
    });
    expect(response.status).toBe(201);
    return response.body['customerId'] as string;
  };
  const purchase = (orderReference: string, amount: number | string, extra: Json = {}) => ({
    amount,
    currency: 'CNY',
    occurredAt: '2026-03-15T10:00:00+08:00',
    productLine: 'pumps',
    sourceSystem: 'erp-sap',
    orderReference,
    ...extra,
  });
  /** The customer redeems points for a voucher (D11). */
  const redeem = (customerId: string, points: number, voucher = 'free-maintenance') =>
    call('POST', `/customers/${customerId}/points/redeem`, { points, voucher });
  const cardOf = async (customerId: string) =>
    (await call('GET', `/customers/${customerId}`, undefined, adminToken)).body;
  const commits = () => mongo.db(env.MONGODB_DATABASE).collection('event_commits');

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    dir = await mkdtemp(join(tmpdir(), 'purchases-'));
    service = await startCustomers(env);
    token = await signToken({ sub: rep, roles: ['sales_rep'] });
    adminToken = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
  });

  afterAll(async () => {
    await service?.stop();
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records a back-dated purchase once per (source system, order reference), with points at the configured rate', async () => {
    const tap = await new TopicTap(testTopic(suffix, Topics.customers)).open();
    try {
      const customerId = await register();
      const orderReference = `SO-${uniqueSuffix()}`;
      const first = await call(
        'POST',
        `/customers/${customerId}/purchases`,
        purchase(orderReference, 12_850.5),
      );
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        recorded: true,
        eventTypes: ['PurchaseRecorded', 'PointsEarned'],
        version: 3,
      });
      const again = await call(
        'POST',
        `/customers/${customerId}/purchases`,
        purchase(orderReference, 12_850.5),
      );
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        recorded: false,
        purchaseId: first.body['purchaseId'],
        version: 3,
      });
      // The same order reference from another source system is another purchase.
      const other = await call(
        'POST',
        `/customers/${customerId}/purchases`,
        purchase(orderReference, 99, { sourceSystem: 'pos' }),
      );
      expect(other.body).toMatchObject({ recorded: true, eventTypes: ['PurchaseRecorded'] });
      // Registration, the first purchase, the other source system's: the repeat wrote nothing.
      expect(await commits().countDocuments({ stream: customerId })).toBe(3);
      expect(await cardOf(customerId)).toMatchObject({
        revenue: { amount: 12_949.5, currency: 'CNY', minor: '1294950', major: '12949.50' },
        pointsBalance: 128,
      });

      // The business date travels in the event.
      const [recorded] = await tap.waitFor(
        (r) =>
          r.value['subject'] === customerId &&
          r.value['type'] === 'crm.customers.PurchaseRecorded.v2',
      );
      expect(recorded!.value['data']).toMatchObject({
        occurredAt: '2026-03-15T02:00:00.000Z',
        orderReference,
        amount: { minor: '1285050', currency: 'CNY' },
        booked: { minor: '1285050', currency: 'CNY' },
      });
      // An order key is the customer's own: the same reference on another customer neither
      // collides with this one (no 409 telling that it exists) nor was squatted by it.
      const elsewhere = await register();
      const another = await call(
        'POST',
        `/customers/${elsewhere}/purchases`,
        purchase(orderReference, 12_850.5),
      );
      expect(another.status).toBe(201);
      expect(another.body).toMatchObject({ recorded: true });
      expect(another.body['purchaseId']).not.toBe(first.body['purchaseId']);
      expect(await cardOf(customerId)).toMatchObject({
        revenue: { amount: 12_949.5, currency: 'CNY' },
      });
    } finally {
      await tap.close();
    }
  });

  it('money is exact (ADR 90): big amounts sum without wrapping, other currencies are converted at the rate of the business date', async () => {
    const customerId = await register();
    // Thirty purchases of 1,000,000,000 and one of 9,999,999,999,999.99 sent as a decimal string.
    for (let i = 0; i < 30; i += 1) {
      const response = await call(
        'POST',
        `/customers/${customerId}/purchases`,
        purchase(`BIG-${uniqueSuffix()}-${i}`, 1_000_000_000),
      );
      expect(response.status).toBe(201);
    }
    const largest = await call(
      'POST',
      `/customers/${customerId}/purchases`,
      purchase(`MAX-${uniqueSuffix()}`, '9999999999999.99'),
    );
    expect(largest.status).toBe(201);
    // A back-dated USD purchase is booked at the rate in force on its day, recorded on the event.
    const usd = await call(
      'POST',
      `/customers/${customerId}/purchases`,
      purchase(`USD-${uniqueSuffix()}`, '1800.00', {
        currency: 'USD',
        occurredAt: '2026-03-15T10:00:00Z',
      }),
    );
    expect(usd.status).toBe(201);
    const card = await cardOf(customerId);
    // 30 × 1e9 + 9,999,999,999,999.99 + 1,800 USD × 7.1234 = 10,030,000,012,822.11 CNY, exact (int32 wraps at 2^31)
    expect(card['revenue']).toMatchObject({
      currency: 'CNY',
      minor: '1003000001282211',
      major: '10030000012822.11',
    });
    const stream = await commits().find({ stream: customerId }).toArray();
    const converted = stream
      .flatMap((commit) => commit['events'] as Json[])
      .find((event) => (event['data'] as Json)['purchaseId'] === usd.body['purchaseId']);
    expect(converted?.['data']).toMatchObject({
      amount: { minor: '180000', currency: 'USD' },
      booked: { minor: '1282212', currency: 'CNY' },
      exchange: { rate: '7.1234', rateDate: '2026-01-01', source: 'configured' },
    });
  });

  it('bad amounts and currencies are refused naming the field; nothing is stored', async () => {
    const customerId = await register();
    const before = await commits().countDocuments({ stream: customerId });
    const refused = async (body: Json, status: number, field: string) => {
      const response = await call('POST', `/customers/${customerId}/purchases`, body);
      expect(response.status).toBe(status);
      expect(response.body['errors']).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    };
    // Above the documented limit (10^15 minor units), in number and in string form.
    await refused(purchase(`L-${uniqueSuffix()}`, '10000000000000.01'), 422, 'amount');
    await refused(purchase(`L-${uniqueSuffix()}`, 1e16), 422, 'amount');
    // More decimals than the currency has: never rounded.
    await refused(purchase(`D-${uniqueSuffix()}`, 1.5, { currency: 'JPY' }), 422, 'amount');
    await refused(purchase(`D-${uniqueSuffix()}`, '12.345'), 422, 'amount');
    // Not an ISO 4217 currency.
    await refused(purchase(`U-${uniqueSuffix()}`, 10, { currency: 'ZZZ' }), 400, 'currency');
    // A real currency without a configured rate, and USD before its first rate.
    await refused(purchase(`R-${uniqueSuffix()}`, 10, { currency: 'EUR' }), 422, 'currency');
    await refused(
      purchase(`R-${uniqueSuffix()}`, 10, { currency: 'USD', occurredAt: '2025-12-31T10:00:00Z' }),
      422,
      'currency',
    );
    expect(await commits().countDocuments({ stream: customerId })).toBe(before);
    expect((await cardOf(customerId))['revenue']).toMatchObject({ minor: '0' });
  });

  it('refunds reference the original, never exceed it, and take points back; redemption never overdraws', async () => {
    const customerId = await register();
    const { body } = await call(
      'POST',
      `/customers/${customerId}/purchases`,
      purchase(`SO-${uniqueSuffix()}`, 1_000),
    );
    const purchaseId = body['purchaseId'] as string;
    const refund = (amount: number) =>
      call('POST', `/customers/${customerId}/purchases/${purchaseId}/reversals`, {
        amount,
        occurredAt: '2026-04-01T00:00:00Z',
        reason: 'returned',
      });
    expect((await refund(400)).body).toMatchObject({
      eventTypes: ['PurchaseReversed', 'PointsReversed'],
    });
    expect(await cardOf(customerId)).toMatchObject({ revenue: { amount: 600 }, pointsBalance: 6 });
    const tooMuch = await refund(600.01);
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({
      type: 'urn:crm:problem:refund-exceeds-purchase',
      refundable: 600,
    });

    const overdraw = await redeem(customerId, 7);
    expect(overdraw.status).toBe(409);
    expect(overdraw.body).toMatchObject({
      type: 'urn:crm:problem:insufficient-points',
      pointsBalance: 6,
    });
    const redeemed = await redeem(customerId, 6);
    expect(redeemed.status).toBe(201);
    expect((await refund(600)).body).toMatchObject({ eventTypes: ['PurchaseReversed'] });
    expect(await cardOf(customerId)).toMatchObject({ revenue: { amount: 0 }, pointsBalance: 0 });
    const unknown = await call(
      'POST',
      `/customers/${customerId}/purchases/${customerId}/reversals`,
      {
        amount: 1,
        occurredAt: '2026-04-01T00:00:00Z',
        reason: 'x',
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('D11: a voucher is used on a later purchase, once; a back-dated, used, unknown or malformed one is refused naming voucherId, nothing stored', async () => {
    const customerId = await register();
    const purchases = `/customers/${customerId}/purchases`;
    await call('POST', purchases, purchase(`SO-${uniqueSuffix()}`, 2_000));
    const redeemed = await redeem(customerId, 10, '免费保养一次');
    expect(redeemed.status).toBe(201);
    const voucherId = redeemed.body['redemptionId'] as string;
    const before = await cardOf(customerId);
    expect(before['vouchers']).toEqual([
      { voucherId, voucher: '免费保养一次', points: 10, redeemedAt: expect.any(String) },
    ]);
    const fieldsOf = (body: Json) => (body['errors'] as Json[]).map((error) => error['field']);

    // The default purchase is dated 2026-03-15: before the redemption (a back-dated import).
    const backDated = await call(
      'POST',
      purchases,
      purchase(`SO-${uniqueSuffix()}`, 300, { voucherId }),
    );
    expect(backDated.status).toBe(422);
    expect(backDated.body).toMatchObject({ type: 'urn:crm:problem:voucher-not-yet-valid' });
    expect(fieldsOf(backDated.body)).toEqual(['voucherId']);
    const unknown = await call(
      'POST',
      purchases,
      purchase(`SO-${uniqueSuffix()}`, 300, {
        voucherId: customerId,
        occurredAt: new Date().toISOString(),
      }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ type: 'urn:crm:problem:voucher-not-found' });
    const malformed = await call(
      'POST',
      purchases,
      purchase(`SO-${uniqueSuffix()}`, 300, { voucherId: '免费' }),
    );
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed.body)).toEqual(['voucherId']);
    expect(await cardOf(customerId)).toEqual(before);

    const later = () =>
      purchase(`SO-${uniqueSuffix()}`, 300, { voucherId, occurredAt: new Date().toISOString() });
    const used = await call('POST', purchases, later());
    expect(used.status).toBe(201);
    expect(used.body['eventTypes']).toEqual(['PurchaseRecorded', 'PointsEarned', 'VoucherUsed']);
    const again = await call('POST', purchases, later());
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: 'urn:crm:problem:voucher-already-used',
      usedOn: used.body['purchaseId'],
    });
    expect(await cardOf(customerId)).toMatchObject({
      revenue: { amount: 2_300 },
      pointsBalance: 10 + 3,
      vouchers: [
        {
          voucherId,
          voucher: '免费保养一次',
          points: 10,
          redeemedAt: expect.any(String),
          usedOn: used.body['purchaseId'],
        },
      ],
    });
  });

  it('D2: a refund retried with its own reference and no Idempotency-Key is answered with the same reversal and taken back once', async () => {
    const customerId = await register();
    const { body } = await call(
      'POST',
      `/customers/${customerId}/purchases`,
      purchase(`SO-${uniqueSuffix()}`, '5000000000.25'),
    );
    const purchaseId = body['purchaseId'] as string;
    const refund = (reference: string, amount: number | string) =>
      call('POST', `/customers/${customerId}/purchases/${purchaseId}/reversals`, {
        amount,
        occurredAt: '2026-04-01T00:00:00Z',
        reason: '客户退货：泵体裂纹',
        reference,
      });
    const first = await refund('退货单-RMA-2026-0007', '3000000000.10');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ eventTypes: ['PurchaseReversed', 'PointsReversed'] });
    const committed = await commits().countDocuments({ stream: customerId });

    // The ERP resends after a timeout; then a client resends it with another amount: the same refund.
    for (const amount of ['3000000000.10', 1]) {
      const retried = await refund('退货单-RMA-2026-0007', amount);
      expect(retried.status).toBe(201);
      expect(retried.body).toMatchObject({
        reversalId: first.body['reversalId'],
        version: first.body['version'],
        eventTypes: [],
      });
    }
    expect(await commits().countDocuments({ stream: customerId })).toBe(committed);
    expect((await cardOf(customerId))['revenue']).toMatchObject({
      minor: '200000000015',
      major: '2000000000.15',
    });

    // A bad reference is refused naming it; a second refund with its own reference is applied.
    const tooLong = await refund('R'.repeat(101), 1);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body['errors']).toEqual([expect.objectContaining({ field: 'reference' })]);
    const second = await refund('退货单-RMA-2026-0008', '2000000000.15');
    expect(second.status).toBe(201);
    expect(second.body['eventTypes']).toContain('PurchaseReversed');
    expect(second.body['reversalId']).not.toBe(first.body['reversalId']);
    expect((await cardOf(customerId))['revenue']).toMatchObject({ minor: '0' });
  });

  it('D11: expires unused points earned more than POINTS_EXPIRY_DAYS ago (admin, on demand)', async () => {
    const customerId = await register();
    const longAgo = new Date(
      Date.now() - (config.POINTS_EXPIRY_DAYS + 30) * 86_400_000,
    ).toISOString();
    await call(
      'POST',
      `/customers/${customerId}/purchases`,
      purchase(`SO-${uniqueSuffix()}`, 1_000, { occurredAt: longAgo }),
    );
    await call('POST', `/customers/${customerId}/purchases`, purchase(`SO-${uniqueSuffix()}`, 300));
    await redeem(customerId, 4);
    expect((await call('POST', `/customers/${customerId}/points/expire`)).status).toBe(403);
    const expired = await call(
      'POST',
      `/customers/${customerId}/points/expire`,
      undefined,
      adminToken,
    );
    expect(expired.body).toMatchObject({ eventTypes: ['PointsExpired'] });
    expect(await cardOf(customerId)).toMatchObject({
      pointsBalance: 3,
      revenue: { amount: 1_300 },
    });
    const again = await call(
      'POST',
      `/customers/${customerId}/points/expire`,
      undefined,
      adminToken,
    );
    expect(again.body).toMatchObject({ eventTypes: [] });
  });

  it('names every bad purchase field; a foreign currency or a future date is refused', async () => {
    const customerId = await register();
    const bad = await call('POST', `/customers/${customerId}/purchases`, {
      amount: -10,
      currency: 'yuan',
      occurredAt: '2999-01-01T00:00:00Z',
      productLine: '',
      sourceSystem: 'erp sap',
      orderReference: 7,
      discount: 5,
    });
    expect(bad.status).toBe(400);
    expect((bad.body['errors'] as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'amount',
      'currency',
      'discount',
      'occurredAt',
      'orderReference',
      'productLine',
      'sourceSystem',
    ]);
    const usd = await call(
      'POST',
      `/customers/${customerId}/purchases`,
      purchase(`SO-${uniqueSuffix()}`, 10, { currency: 'EUR' }),
    );
    expect(usd.status).toBe(422);
  });

  it('imports a CSV export line by line: valid rows kept, rejected rows reported with reasons', async () => {
    const customerId = await register();
    const file = join(dir, 'export.csv');
    const missing = '0193aaaa-0000-7000-8000-000000000000';
    await writeFile(
      file,
      [
        'customerId,amount,currency,occurredAt,productLine,sourceSystem,orderReference',
        `${customerId},250.50,CNY,2026-02-01T00:00:00Z,"pumps, large",erp,CSV-1`,
        `${customerId},abc,CNY,2026-02-01T00:00:00Z,pumps,erp,CSV-2`,
        `${customerId},100,CNY,2026-02-01T00:00:00Z,pumps,erp`,
        `${missing},100,CNY,2026-02-01T00:00:00Z,pumps,erp,CSV-3`,
        `${customerId},300,CNY,2026-02-02T00:00:00Z,valves,erp,CSV-4`,
        '',
      ].join('\r\n'),
    );
    const rejected: RejectedRow[] = [];
    const summary = await importPurchases({
      config,
      file,
      onRejected: (row) => rejected.push(row),
    });
    expect(summary).toEqual({ lines: 5, recorded: 2, duplicates: 0, rejected: 3 });
    expect(rejected).toEqual([
      { line: 3, reasons: [expect.stringMatching(/^amount: /)] },
      { line: 4, reasons: ['expected 7 columns, found 6'] },
      { line: 5, reasons: [`customer ${missing} not found`] },
    ]);
    expect(await cardOf(customerId)).toMatchObject({
      revenue: { amount: 550.5 },
      pointsBalance: 5,
    });
  });

  it('imports refunds with their purchases: each refund once, in the purchase currency, never more than is left', async () => {
    const customerId = await register();
    const file = join(dir, 'refunds.csv');
    const header =
      'customerId,amount,currency,occurredAt,productLine,sourceSystem,orderReference,refundOf,reason';
    await writeFile(
      file,
      [
        header,
        `${customerId},12345678901.23,CNY,2026-03-01T00:00:00Z,工业水泵,erp,SO-BIG,,`,
        // A credit note for part of it (its own number is the refund's reference).
        `${customerId},2345678901.23,CNY,2026-03-05T00:00:00Z,工业水泵,erp,CN-1,SO-BIG,质量问题退货`,
        `${customerId},10,USD,2026-03-06T00:00:00Z,工业水泵,erp,CN-2,SO-BIG,币种不符`,
        `${customerId},10,CNY,2026-03-06T00:00:00Z,工业水泵,erp,CN-3,SO-404,`,
        `${customerId},10000000000.01,CNY,2026-03-07T00:00:00Z,工业水泵,erp,CN-4,SO-BIG,`,
        `${customerId},5,CNY,2026-03-07T00:00:00Z,阀门,erp,SO-SMALL,,不是退款`,
        '',
      ].join('\r\n'),
    );
    const rejected: RejectedRow[] = [];
    const first = await importPurchases({ config, file, onRejected: (row) => rejected.push(row) });
    expect(first).toEqual({ lines: 6, recorded: 2, duplicates: 0, rejected: 4 });
    expect(rejected).toEqual([
      { line: 7, reasons: [expect.stringMatching(/^reason: only on a refund row/)] },
      { line: 4, reasons: [expect.stringMatching(/in USD, the purchase SO-BIG in CNY/)] },
      { line: 5, reasons: [expect.stringMatching(/^purchase .* not found$/)] },
      { line: 6, reasons: [expect.stringMatching(/^at most 10000000000(\.00)? CNY/)] },
    ]);
    // 12,345,678,901.23 − 2,345,678,901.23; points: 123,456,789 earned (1 per 100), and back in
    // proportion to what was refunded: ⌊123,456,789 × 234,567,890,123 / 1,234,567,890,123⌋.
    const expected = {
      revenue: { amount: 10_000_000_000 },
      pointsBalance: 123_456_789 - 23_456_789,
    };
    expect(await cardOf(customerId)).toMatchObject(expected);

    // The same file again (an import retried): nothing counts twice.
    const again = await importPurchases({ config, file, onRejected: () => undefined });
    expect(again).toEqual({ lines: 6, recorded: 0, duplicates: 2, rejected: 4 });
    expect(await cardOf(customerId)).toMatchObject(expected);
  });
});
