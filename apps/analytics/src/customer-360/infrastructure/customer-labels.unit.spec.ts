import type { ProjectionSlots } from '@crm/projections';
import { CUSTOMER_360, labelsOf, type Customer360Document } from './customer-360.projection';

/**
 * The follow-ups, greetings, tier and at-risk pages name their customers through `labelsOf`. On
 * FerretDB a `$in` over the 360 view reads every customer (ADR 145), so the labels of a page are
 * read by id: the same labels a full read gives, from the page's customers only.
 */
describe('labelsOf a page of customers', () => {
  const views: Customer360Document[] = Array.from({ length: 500 }, (_, index) => ({
    _id: `customer-${index}`,
    ...(index % 7 === 3
      ? {} // registration not seen yet
      : {
          profile: {
            name: `客户${index}`,
            nature: 'company',
            region: 'east',
            ownerId: `rep-${index % 9}`,
            registeredAt: new Date('2026-01-01T00:00:00Z'),
          },
        }),
    eventCount: 1,
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    projectedAt: new Date('2026-01-01T00:00:00Z'),
    applied: { [`customer-${index}`]: 1 },
  }));
  const asked: unknown[] = [];
  const byId = new Map(views.map((view) => [view._id, view]));
  const collection = {
    findOne: async (filter: { _id: string }) => {
      asked.push(filter);
      return byId.get(filter._id) ?? null;
    },
    find: (filter: unknown) => {
      asked.push(filter);
      return { toArray: async () => views };
    },
  };
  const slots = {
    collection: async (name: string) => {
      expect(name).toBe(CUSTOMER_360);
      return collection;
    },
  } as unknown as ProjectionSlots;

  it('gives each customer of the page the name and owner of a full read, reading the page only', async () => {
    const page = ['customer-11', 'customer-3', 'customer-499', 'customer-11', 'customer-unknown'];
    const labelOf = await labelsOf(slots, page);
    // Expected labels from a full read of the view, independently of labelsOf.
    const full = new Map(views.map((view) => [view._id, view.profile]));
    for (const id of page) {
      expect(labelOf(id)).toEqual({
        name: full.get(id)?.name ?? null,
        ownerId: full.get(id)?.ownerId ?? null,
      });
    }
    expect(labelOf('customer-11')).toEqual({ name: '客户11', ownerId: 'rep-2' });
    expect(labelOf('customer-3')).toEqual({ name: null, ownerId: null });
    // One equality read per distinct customer of the page; no $in (a full read on FerretDB).
    expect(asked).toEqual(
      ['customer-11', 'customer-3', 'customer-499', 'customer-unknown'].map((_id) => ({ _id })),
    );
  });
});
