import type { Connection } from 'mongoose';
import { ProjectionSlots, SLOT_TRUSTED_MS } from './projection-slots';

/** A connection whose slots collection holds `slots` and counts the lookups. */
function connectionWith(slots: Map<string, string>) {
  const lookups: string[] = [];
  const slotsCollection = {
    findOne: ({ _id }: { _id: string }) => {
      lookups.push(_id);
      const collection = slots.get(_id);
      return Promise.resolve(collection ? { _id, collection } : null);
    },
    updateOne: (
      { _id }: { _id: string },
      { $set }: { $set: { collection: string } },
    ): Promise<void> => {
      slots.set(_id, $set.collection);
      return Promise.resolve();
    },
  };
  const connection = {
    collection: () => slotsCollection,
    db: { collection: (name: string) => ({ collectionName: name }) },
  } as unknown as Connection;
  return { connection, lookups };
}

describe('projection slots', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('asks for a slot once while it is trusted, and again after', async () => {
    const slots = new Map([['customer-360', 'analytics_customer-360__k1']]);
    const { connection, lookups } = connectionWith(slots);
    const resolver = new ProjectionSlots(connection, { SERVICE_NAME: 'analytics' });

    expect(await resolver.collectionName('customer-360')).toBe('analytics_customer-360__k1');
    expect(await resolver.collectionName('customer-360')).toBe('analytics_customer-360__k1');
    expect(await resolver.collectionName('customer-status')).toBe('analytics_customer-status');
    expect(lookups).toEqual(['customer-360', 'customer-status']);

    // Swapped by another process: seen once the resolved slot is no longer trusted.
    slots.set('customer-360', 'analytics_customer-360__k2');
    jest.advanceTimersByTime(SLOT_TRUSTED_MS - 1);
    expect(await resolver.collectionName('customer-360')).toBe('analytics_customer-360__k1');
    jest.advanceTimersByTime(2);
    expect(await resolver.collectionName('customer-360')).toBe('analytics_customer-360__k2');
    expect(lookups).toEqual(['customer-360', 'customer-status', 'customer-360']);
  });

  it('reads a slot swapped in this process at once', async () => {
    const { connection, lookups } = connectionWith(new Map());
    const resolver = new ProjectionSlots(connection, { SERVICE_NAME: 'customers' });
    expect(await resolver.collectionName('customer-cards')).toBe('customers_customer-cards');

    const replaced = await resolver.swap('customer-cards', 'customers_customer-cards__r1');

    expect(replaced).toBe('customers_customer-cards');
    expect((await resolver.collection('customer-cards')).collectionName).toBe(
      'customers_customer-cards__r1',
    );
    // The swap reads the slot itself (what it replaces); the read after it asks nothing.
    expect(lookups).toEqual(['customer-cards', 'customer-cards']);
  });
});
