import mongoose, { type Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { ERASED_TEXT, type CloudEvent } from '@crm/contracts';
import { anUpstreamEvent, uniqueSuffix } from '@crm/testing';
import { ProjectionSlots } from '@crm/projections';
import {
  CustomerDirectoryProjection,
  CustomerTiersProjection,
} from './customer-directory.projection';

const envelope = (
  context: 'customers' | 'analytics',
  name: string,
  subject: string,
  sequence: number,
  data: Record<string, unknown>,
): CloudEvent =>
  anUpstreamEvent(context, name, subject, sequence, subject.replace(/^tiers-/, ''), data);

describe('customer directory of the visits service (real database)', () => {
  let connection: Connection;
  let directory: CustomerDirectoryProjection;
  let slots: ProjectionSlots;
  const tiers = (): CustomerTiersProjection => new CustomerTiersProjection();
  // What the runner does with each event: the projection applies it to its live collection.
  const applyCustomerEvent = async (event: CloudEvent) =>
    directory.apply(event, await slots.collection(directory.name));
  const applyAnalyticsEvent = async (event: CloudEvent) =>
    tiers().apply(event, await slots.collection(tiers().name));

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env['MONGODB_URI']!, {
        dbName: `test_visits_directory_${uniqueSuffix()}`,
      })
      .asPromise();
    slots = new ProjectionSlots(connection, { SERVICE_NAME: 'visits' });
    directory = new CustomerDirectoryProjection(slots);
    slots.declare(directory.name, directory.collection);
    slots.declare(tiers().name, tiers().collection);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('follows registration, profile changes (city, region) and owner changes, once each, across gaps', async () => {
    const customerId = uuidv7();
    const registered = envelope('customers', 'CustomerRegistered', customerId, 1, {
      customerId,
      name: 'Lianhua',
      nature: 'ordinary_company',
      region: 'east',
      ownerId: 'rep-1',
      registeredAt: new Date().toISOString(),
      city: 'Hangzhou',
    });
    await applyCustomerEvent(registered);
    await applyCustomerEvent(registered);
    expect(await directory.find(customerId)).toEqual({
      customerId,
      name: 'Lianhua',
      region: 'east',
      city: 'Hangzhou',
      ownerId: 'rep-1',
    });
    await applyCustomerEvent(envelope('customers', 'ContactAdded', customerId, 2, { customerId }));
    await applyCustomerEvent(
      envelope('customers', 'CustomerProfileUpdated', customerId, 3, {
        customerId,
        changes: { region: 'north', city: null, website: null },
        updatedAt: new Date().toISOString(),
      }),
    );
    const reassigned = envelope('customers', 'CustomerOwnerAssigned', customerId, 4, {
      customerId,
      ownerId: 'rep-2',
      previousOwnerId: 'rep-1',
      keyAccountManagerId: null,
      assignedAt: new Date().toISOString(),
    });
    await applyCustomerEvent(reassigned);
    // Late redeliveries of older events must not bring an earlier owner back.
    await applyCustomerEvent(registered);
    await applyCustomerEvent(
      envelope('customers', 'CustomerOwnerAssigned', customerId, 2, {
        customerId,
        ownerId: 'rep-9',
        previousOwnerId: 'rep-1',
        keyAccountManagerId: null,
        assignedAt: new Date().toISOString(),
      }),
    );
    expect(await directory.find(customerId)).toEqual({
      customerId,
      name: 'Lianhua',
      region: 'north',
      ownerId: 'rep-2',
    });
    expect((await directory.list({ ownerId: 'rep-2' }, 10)).map((c) => c.customerId)).toEqual([
      customerId,
    ]);
  });

  it('drops the name on CustomerErased for good, and stops listing a customer merged away', async () => {
    const owner = `rep-${uuidv7()}`;
    const erased = uuidv7();
    const duplicate = uuidv7();
    const survivor = uuidv7();
    const register = (customerId: string, name: string) =>
      envelope('customers', 'CustomerRegistered', customerId, 1, {
        customerId,
        name,
        nature: 'ordinary_company',
        region: 'east',
        ownerId: owner,
        registeredAt: new Date().toISOString(),
      });
    const registration = register(erased, '杭州莲花贸易有限公司 王丽');
    for (const [customerId, name] of [
      [erased, '杭州莲花贸易有限公司 王丽'],
      [duplicate, 'Lianhua Trading (dup)'],
      [survivor, 'Lianhua Trading'],
    ] as const)
      await applyCustomerEvent(customerId === erased ? registration : register(customerId, name));
    const erasure = envelope('customers', 'CustomerErased', erased, 2, {
      customerId: erased,
      reason: 'data_subject_request',
      erasedAt: new Date().toISOString(),
    });
    await applyCustomerEvent(erasure);
    await applyCustomerEvent(erasure);
    // A late redelivery of the registration must not bring the name back.
    await applyCustomerEvent(registration);
    expect(await directory.find(erased)).toEqual({
      customerId: erased,
      name: ERASED_TEXT,
      region: 'east',
      ownerId: owner,
    });
    const raw = await connection.collection('visit_customers').findOne({ _id: erased } as never);
    expect(JSON.stringify(raw)).not.toContain('王丽');

    await applyCustomerEvent(
      envelope('customers', 'CustomerMerged', duplicate, 2, {
        customerId: duplicate,
        role: 'duplicate',
        duplicateId: duplicate,
        survivorId: survivor,
        mergedAt: new Date().toISOString(),
      }),
    );
    expect(await directory.find(duplicate)).toBeUndefined();
    expect((await directory.list({ ownerId: owner }, 10)).map((c) => c.customerId).sort()).toEqual(
      [erased, survivor].sort(),
    );
  });

  it('keeps each tier change once, however often it is delivered', async () => {
    const customerId = uuidv7();
    const change = (tier: string, previousTier: string | null) =>
      envelope('analytics', 'CustomerTierChanged', `tiers-${customerId}`, 1, {
        customerId,
        previousTier,
        tier,
        revenue: 1,
        revenueAbove: 0,
        totalRevenue: 1,
        effectiveAt: new Date().toISOString(),
      });
    const toA = change('A', 'C');
    await applyAnalyticsEvent(change('C', null));
    await applyAnalyticsEvent(toA);
    await applyAnalyticsEvent(toA);
    const history = (await directory.tierHistories([customerId])).get(customerId)!;
    expect(history.map((entry) => entry.tier)).toEqual(['C', 'A']);
  });
});
