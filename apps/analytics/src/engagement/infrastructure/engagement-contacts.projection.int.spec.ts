import mongoose, { type Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { customerMerged, eventRegistry, type CloudEvent } from '@crm/contracts';
import { anUpstreamEvent, uniqueSuffix } from '@crm/testing';
import {
  EngagementContactsProjection,
  type ContactDocument,
} from './engagement-contacts.projection';

const customerEvent = (
  name: string,
  customerId: string,
  sequence: number,
  data: Record<string, unknown>,
): CloudEvent => ({
  ...anUpstreamEvent('customers', name, customerId, sequence, customerId, data),
  type: eventRegistry.typeOf('customers', name),
});

describe('engagement contacts (real database)', () => {
  let connection: Connection;
  const projection = new EngagementContactsProjection();

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env['MONGODB_URI']!, {
        dbName: `test_engagement_contacts_${uniqueSuffix()}`,
      })
      .asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const applyAll = async (name: string, events: readonly CloudEvent[]) => {
    const target = connection.db!.collection<ContactDocument>(name);
    await projection.ensureIndexes(target);
    for (const event of events) {
      if (projection.accepts(event.type)) await projection.apply(event, target);
    }
    return target.find({}).sort({ _id: 1 }).toArray();
  };

  it('follows a carried contact to the survivor, erases every contact of an erased customer, and a rebuild or a redelivery ends the same', async () => {
    const survivor = uuidv7();
    const duplicate = uuidv7();
    const kept = uuidv7();
    const carried = uuidv7();
    const gone = uuidv7();
    const at = new Date().toISOString();
    const added = (customerId: string, sequence: number, contactId: string, name: string) =>
      customerEvent('ContactAdded', customerId, sequence, {
        customerId,
        contactId,
        contact: {
          name,
          birthday: '1980-03-14',
          timeZone: 'Asia/Shanghai',
          email: 'a@example.cn',
        },
        addedAt: at,
      });
    const events = [
      added(survivor, 2, kept, '周婷'),
      added(survivor, 3, gone, '吴磊'),
      customerEvent('ContactRemoved', survivor, 4, {
        customerId: survivor,
        contactId: gone,
        removedAt: at,
      }),
      // The duplicate's stream is ahead of the survivor's.
      added(duplicate, 7, carried, '王芳'),
      customerEvent('CustomerMerged', survivor, 5, {
        customerId: survivor,
        role: 'survivor',
        duplicateId: duplicate,
        survivorId: survivor,
        mergedAt: at,
        carried: {
          ...(customerMerged.example as { carried: object }).carried,
          contacts: [{ contactId: carried, contact: { name: '王芳', birthday: '1985-01-02' } }],
        },
      }),
    ];
    const beforeErasure = await applyAll('live', events);
    expect(
      beforeErasure.map(({ _id, customerId, name, removed, birthday }) => ({
        _id,
        customerId,
        name,
        removed,
        birthday,
      })),
    ).toEqual(
      [
        { _id: kept, customerId: survivor, name: '周婷', removed: false, birthday: '1980-03-14' },
        { _id: gone, customerId: survivor, name: '吴磊', removed: true, birthday: '1980-03-14' },
        {
          _id: carried,
          customerId: survivor,
          name: '王芳',
          removed: false,
          birthday: '1985-01-02',
        },
      ].sort((a, b) => a._id.localeCompare(b._id)),
    );
    // A replay of the duplicate's older record cannot take the carried contact back.
    const replayed = await applyAll('live', [events[3]!]);
    expect(replayed.find((contact) => contact._id === carried)?.customerId).toBe(survivor);

    const erasure = customerEvent('CustomerErased', survivor, 6, {
      customerId: survivor,
      reason: 'data_subject_request',
      erasedAt: at,
    });
    const live = await applyAll('live', [erasure]);
    for (const contact of live) {
      expect(contact).toMatchObject({ name: '[erased]', removed: true, seq: 6 });
      for (const personal of ['birthday', 'anniversaries', 'timeZone', 'email'])
        expect(contact).not.toHaveProperty(personal);
    }
    // Every event delivered again changes nothing; a rebuild from the same events ends the same.
    expect(await applyAll('live', [...events, erasure])).toEqual(live);
    expect(await applyAll('rebuilt', [...events, erasure])).toEqual(live);
  });
});
