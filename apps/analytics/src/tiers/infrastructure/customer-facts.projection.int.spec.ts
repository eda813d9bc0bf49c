import { MongoClient, type Collection } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import {
  customerErased,
  customerMerged,
  customerRegistered,
  ERASED_TEXT,
  eventRegistry,
  purchaseRecorded,
  type CloudEvent,
} from '@crm/contracts';
import { aCustomerRegisteredEvent, uniqueSuffix } from '@crm/testing';
import {
  CustomerFactsProjection,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import { buyingDays } from '@apps/analytics/src/lifecycle/domain/lifecycle';

/** The customer facts behind tiers and lifecycle honour erasure and merge. */
describe('customer facts: CustomerErased and CustomerMerged', () => {
  const projection = new CustomerFactsProjection();
  let mongo: MongoClient;
  let facts: Collection<CustomerFactsDocument>;
  const database = `test_analytics_facts_${uniqueSuffix()}`;

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    facts = mongo.db(database).collection<CustomerFactsDocument>('facts');
  });

  afterAll(async () => {
    await mongo.db(database).dropDatabase();
    await mongo.close();
  });

  /** The events of one customer's stream, numbered in order. */
  const streamOf = (customerId: string) => {
    let sequence = 0;
    return (type: string, data: Record<string, unknown>): CloudEvent => {
      sequence += 1;
      return aCustomerRegisteredEvent({
        type: eventRegistry.typeOf('customers', type),
        subject: customerId,
        customerid: customerId,
        sequence,
        data,
      });
    };
  };

  const register = async (customerId: string, name: string) => {
    const next = streamOf(customerId);
    await projection.apply(
      next('CustomerRegistered', { ...customerRegistered.example, customerId, name }),
      facts,
    );
    return next;
  };

  /** A purchase of `amount` major units of CNY (minor units on the event, ADR 90). */
  const purchase = (customerId: string, amount: number, occurredAt: string) => {
    const money = { minor: (BigInt(amount) * 100n).toString(), currency: 'CNY' };
    const { exchange: _, ...example } = purchaseRecorded.example;
    return {
      ...example,
      customerId,
      purchaseId: uuidv7(),
      orderReference: uuidv7(),
      amount: money,
      booked: money,
      occurredAt,
    };
  };
  const cny = (major: number) => ({ minor: (BigInt(major) * 100n).toString(), currency: 'CNY' });
  /** The day buckets as stored: int64 minor units, read as bigint. */
  const bucketsOf = async (customerId: string) =>
    (await facts.findOne({ _id: customerId }, { useBigInt64: true }))?.revenueByDay;

  it('drops the name on erasure and keeps the revenue', async () => {
    const customerId = uuidv7();
    const next = await register(customerId, 'Hangzhou Lianhua Trading');
    await projection.apply(
      next('PurchaseRecorded', purchase(customerId, 1200, '2026-05-04T00:00:00.000Z')),
      facts,
    );
    await projection.apply(
      next('CustomerErased', {
        ...customerErased.example,
        customerId,
      }),
      facts,
    );
    const document = await facts.findOne({ _id: customerId });
    expect(document?.profile?.name).toBe(ERASED_TEXT);
    // Left out of the loyalty figures (ADR 142), still ranked for tiers.
    expect(document?.erased).toBe(true);
    expect(await bucketsOf(customerId)).toEqual({ '2026-05-04': 120_000n });
  });

  it('sums thirty purchases of 1,000,000,000 on one day exactly (an int32 bucket wrapped to -64,771,072)', async () => {
    const customerId = uuidv7();
    const next = await register(customerId, '杭州莲花贸易有限公司');
    for (let i = 0; i < 30; i += 1) {
      await projection.apply(
        next('PurchaseRecorded', purchase(customerId, 1_000_000_000, '2026-05-04T08:00:00.000Z')),
        facts,
      );
    }
    // And the largest amount the system takes, ten times on another day: far beyond 2^53.
    for (let i = 0; i < 10; i += 1) {
      const largest = { minor: '1000000000000000', currency: 'CNY' };
      await projection.apply(
        next('PurchaseRecorded', {
          ...purchase(customerId, 1, '2026-05-05T08:00:00.000Z'),
          amount: largest,
          booked: largest,
        }),
        facts,
      );
    }
    expect(await bucketsOf(customerId)).toEqual({
      '2026-05-04': 3_000_000_000_000n,
      '2026-05-05': 10_000_000_000_000_000n,
    });
  });

  it('moves a merged duplicate’s purchases, net of refunds, to the survivor, once', async () => {
    const [duplicateId, survivorId] = [uuidv7(), uuidv7()];
    const duplicate = await register(duplicateId, 'Lianhua Trading (duplicate)');
    const survivor = await register(survivorId, 'Lianhua Trading');
    await projection.apply(
      duplicate('PurchaseRecorded', purchase(duplicateId, 5000, '2026-03-01T00:00:00.000Z')),
      facts,
    );
    await projection.apply(
      survivor('PurchaseRecorded', purchase(survivorId, 700, '2026-03-01T00:00:00.000Z')),
      facts,
    );
    const carried = customerMerged.example.carried!;
    const merged = {
      duplicateId,
      survivorId,
      mergedAt: '2026-11-24T09:00:00.000Z',
    };
    await projection.apply(
      duplicate('CustomerMerged', { ...merged, customerId: duplicateId, role: 'duplicate' }),
      facts,
    );
    const survivorEvent = survivor('CustomerMerged', {
      ...merged,
      customerId: survivorId,
      role: 'survivor',
      carried: {
        ...carried,
        purchases: [
          {
            ...carried.purchases[0]!,
            amount: cny(5000),
            booked: cny(5000),
            refunded: cny(1000),
            refundedBooked: cny(1000),
            occurredAt: '2026-03-01T00:00:00.000Z',
          },
          // Refunded in full before the merge: no buying day (D5, ADR 142).
          {
            ...carried.purchases[0]!,
            purchaseId: uuidv7(),
            amount: cny(300),
            booked: cny(300),
            refunded: cny(300),
            refundedBooked: cny(300),
            occurredAt: '2026-04-02T00:00:00.000Z',
          },
        ],
      },
    });
    await projection.apply(survivorEvent, facts);
    // Delivered twice: applied once.
    await projection.apply(survivorEvent, facts);

    const [gone, kept] = await Promise.all([
      facts.findOne({ _id: duplicateId }),
      facts.findOne({ _id: survivorId }),
    ]);
    expect(gone).toMatchObject({ mergedInto: survivorId });
    expect(gone?.revenueByDay).toBeUndefined();
    expect(await bucketsOf(survivorId)).toEqual({ '2026-03-01': 470_000n, '2026-04-02': 0n });
    expect(kept?.purchaseDays).toEqual(['2026-03-01', '2026-04-02']);
    expect(buyingDays(kept?.purchases, kept?.purchaseDays)).toEqual(['2026-03-01']);
  });
});
