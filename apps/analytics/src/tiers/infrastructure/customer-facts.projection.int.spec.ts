import { MongoClient, type Collection } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import {
  customerErased,
  customerMerged,
  customerRegistered,
  ERASED_TEXT,
  purchaseRecorded,
  type CloudEvent,
} from '@crm/contracts';
import { aCustomerRegisteredEvent, uniqueSuffix } from '@crm/testing';
import {
  CustomerFactsProjection,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';

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
        type: `crm.customers.${type}.v1`,
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

  const purchase = (customerId: string, amount: number, occurredAt: string) => ({
    ...purchaseRecorded.example,
    customerId,
    purchaseId: uuidv7(),
    orderReference: uuidv7(),
    amount,
    occurredAt,
  });

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
    expect(document?.revenueByDay).toEqual({ '2026-05-04': 1200 });
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
            amount: 5000,
            refundedAmount: 1000,
            occurredAt: '2026-03-01T00:00:00.000Z',
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
    expect(kept?.revenueByDay).toEqual({ '2026-03-01': 4700 });
    expect(kept?.purchaseDays).toEqual(['2026-03-01']);
  });
});
