import mongoose, { type Connection } from 'mongoose';
import { uniqueSuffix } from '@crm/testing';
import { ProjectionSlots } from '@crm/projections';
import {
  CUSTOMER_360,
  type Customer360Document,
} from '@apps/analytics/src/customer-360/infrastructure/customer-360.projection';
import { CUSTOMER_STATUS, type CustomerStatusDocument } from './customer-status.projection';
import { statusMembers } from './customer-status-members';

describe('the members of a status list, page by page (real database)', () => {
  let connection: Connection;
  let slots: ProjectionSlots;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env['MONGODB_URI']!, {
        dbName: `test_analytics_members_${uniqueSuffix()}`,
      })
      .asPromise();
    slots = new ProjectionSlots(connection, { SERVICE_NAME: 'analytics' });
    // Three A customers in id order: the caller sees the first and the last (its region's).
    const status = await slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
    await status.insertMany(
      ['c-1', 'c-2', 'c-3'].map((_id) => ({
        _id,
        tier: 'A' as const,
        tierHistory: [
          { value: 'A' as const, from: '2026-01-05T00:00:00.000Z', eventId: `e-${_id}` },
        ],
      })),
    );
    const views = await slots.collection<Customer360Document>(CUSTOMER_360);
    await views.insertMany([
      { _id: 'c-1', profile: { name: '华东机电', ownerId: 'rep-east' } },
      { _id: 'c-2', profile: { name: '华南贸易', ownerId: 'rep-south' } },
      { _id: 'c-3', profile: { name: '杭州精密', ownerId: 'rep-east' } },
    ] as Customer360Document[]);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('keeps to the visible customers on every page, not only the first', async () => {
    const visible = { _id: { $in: ['c-1', 'c-3'] } };
    const member = (row: CustomerStatusDocument) => ({ tier: row.tier });
    const first = await statusMembers(slots, visible, 'tier', 'A', { limit: 1 }, member);
    expect(first.items).toEqual([
      { customerId: 'c-1', name: '华东机电', ownerId: 'rep-east', tier: 'A' },
    ]);
    expect(first.nextCursor).not.toBeNull();

    const second = await statusMembers(
      slots,
      visible,
      'tier',
      'A',
      { cursor: first.nextCursor!, limit: 1 },
      member,
    );
    expect(second.items).toEqual([
      { customerId: 'c-3', name: '杭州精密', ownerId: 'rep-east', tier: 'A' },
    ]);
    expect(second.nextCursor).toBeNull();
  });
});
