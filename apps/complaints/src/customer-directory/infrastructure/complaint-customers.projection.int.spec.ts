import mongoose, { type Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import type { CloudEvent } from '@crm/contracts';
import { ProjectionGapError } from '@crm/event-store';
import { ProjectionSlots } from '@crm/projections';
import { anUpstreamEvent, uniqueSuffix } from '@crm/testing';
import { ComplaintCustomersProjection } from './complaint-customers.projection';
import { COMPLAINT_CUSTOMERS } from './complaint-customers.schema';

const customerEvent = (
  name: string,
  customerId: string,
  sequence: number,
  data: Record<string, unknown> = { customerId },
): CloudEvent => anUpstreamEvent('customers', name, customerId, sequence, customerId, data);

const registration = (customerId: string): CloudEvent =>
  customerEvent('CustomerRegistered', customerId, 1, {
    customerId,
    name: '杭州莲花贸易有限公司',
    nature: 'ordinary_company',
    region: 'east',
    ownerId: 'rep-1',
    registeredAt: new Date().toISOString(),
  });

const merge = (customerId: string, sequence: number, duplicateId: string, survivorId: string) =>
  customerEvent('CustomerMerged', customerId, sequence, {
    customerId,
    role: customerId === duplicateId ? 'duplicate' : 'survivor',
    duplicateId,
    survivorId,
    mergedAt: new Date().toISOString(),
  });

/** The projection as the runner drives it: each event applied to the slot's live collection. */
const driven = (connection: Connection) => {
  const slots = new ProjectionSlots(connection, { SERVICE_NAME: 'complaints' });
  const projection = new ComplaintCustomersProjection(slots);
  slots.declare(projection.name, projection.collection);
  return {
    apply: async (event: CloudEvent) =>
      projection.apply(event, await slots.collection(projection.name)),
    find: (customerId: string) => projection.find(customerId),
  };
};

describe('customers known to the complaints service (real database)', () => {
  let connection: Connection;
  let live: ReturnType<typeof driven>;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env['MONGODB_URI']!, {
        dbName: `test_complaint_customers_${uniqueSuffix()}`,
      })
      .asPromise();
    live = driven(connection);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('knows a registered customer once, through its other events, and never an unregistered one', async () => {
    const customerId = uuidv7();
    expect(await live.find(customerId)).toBeUndefined();
    expect(await live.apply(registration(customerId))).toBe(true);
    expect(await live.apply(registration(customerId))).toBe(false);
    expect(
      await live.apply(customerEvent('ContactAdded', customerId, 2, { customerId, name: '王丽' })),
    ).toBe(true);
    expect(await live.find(customerId)).toEqual({ customerId, status: 'active' });
    // A stream seen from its middle (another deployment's history, say) stops at the gap.
    await expect(
      live.apply(customerEvent('ContactAdded', customerId, 4, { customerId })),
    ).rejects.toBeInstanceOf(ProjectionGapError);
    // Another context's event on the topic is none of its business.
    expect(
      await live.apply(
        anUpstreamEvent('analytics', 'CustomerTierChanged', customerId, 3, customerId, {}),
      ),
    ).toBe(false);
    // A survivor's side of a merge without its registration is still unknown.
    const stranger = uuidv7();
    await live.apply(merge(stranger, 1, uuidv7(), stranger));
    expect(await live.find(stranger)).toBeUndefined();
  });

  it('points a customer merged away to its survivor, keeps the survivor, and marks an erased one', async () => {
    const [duplicate, survivor, erased] = [uuidv7(), uuidv7(), uuidv7()];
    const events = [
      registration(duplicate),
      registration(survivor),
      registration(erased),
      merge(duplicate, 2, duplicate, survivor),
      merge(survivor, 2, duplicate, survivor),
      customerEvent('CustomerErased', erased, 2, {
        customerId: erased,
        reason: 'data_subject_request',
        erasedAt: new Date().toISOString(),
      }),
    ];
    for (const event of events) await live.apply(event);
    // Redelivered, in the same order: nothing changes.
    for (const event of events) expect(await live.apply(event)).toBe(false);
    expect(await live.find(duplicate)).toEqual({
      customerId: duplicate,
      status: 'merged',
      survivorId: survivor,
    });
    expect(await live.find(survivor)).toEqual({ customerId: survivor, status: 'active' });
    expect(await live.find(erased)).toEqual({ customerId: erased, status: 'erased' });
    // Nothing personal is kept: the registration's name never reaches the collection.
    const raw = await connection.collection(COMPLAINT_CUSTOMERS).find({}).toArray();
    expect(JSON.stringify(raw)).not.toContain('杭州莲花');

    // Rebuilt from the same events into an empty collection: the same documents as live.
    const rebuildDb = connection.useDb(`${connection.db!.databaseName}_rebuild`);
    try {
      const rebuilt = driven(rebuildDb);
      for (const event of events) await rebuilt.apply(event);
      const ids = [duplicate, survivor, erased];
      const documents = (db: Connection) =>
        db
          .collection(COMPLAINT_CUSTOMERS)
          .find({ _id: { $in: ids } } as never)
          .sort({ _id: 1 })
          .toArray();
      expect(await documents(rebuildDb)).toEqual(await documents(connection));
    } finally {
      await rebuildDb.dropDatabase();
    }
  });
});
