import type { Collection, Db } from 'mongodb';
import { databaseEngine, detectDatabaseEngine } from './database-engine';
import { documentsById, POINT_READS_UP_TO } from './documents-by-id';

interface CustomerDocument {
  _id: string;
  name: string;
}

/**
 * A collection of `count` customers that records every filter it is asked: FerretDB reads the
 * whole collection for `$in`, so what matters is which filters are sent, not only the answer.
 */
function customers(count: number) {
  const stored = new Map(
    Array.from({ length: count }, (_, index) => {
      const id = `customer-${String(index).padStart(5, '0')}`;
      return [id, { _id: id, name: `客户${index}号` }];
    }),
  );
  const filters: unknown[] = [];
  const collection = {
    findOne: async (filter: { _id: string }) => {
      filters.push(filter);
      return stored.get(filter._id) ?? null;
    },
    find: (filter: { _id: { $in: string[] } }) => {
      filters.push(filter);
      return {
        toArray: async () => [...stored.values()].filter((d) => filter._id.$in.includes(d._id)),
      };
    },
  } as unknown as Collection<CustomerDocument>;
  return { stored, filters, collection };
}

describe('documentsById', () => {
  it('reads a page of ids by _id equality only, never with $in', async () => {
    // Given 20,000 customers and a page of 100 of them (with one repeated and one unknown)
    const { stored, filters, collection } = customers(20_000);
    const page = Array.from(
      { length: 100 },
      (_, k) => `customer-${String(k * 199).padStart(5, '0')}`,
    );
    // When the page's documents are read
    const found = await documentsById(collection, [...page, page[0]!, 'customer-unknown']);
    // Then each id was one equality read, and the answer is the page's documents as stored
    expect(filters).toHaveLength(101);
    expect(filters.every((filter) => typeof (filter as { _id: unknown })._id === 'string')).toBe(
      true,
    );
    expect(found).toEqual(new Map(page.map((id) => [id, stored.get(id)])));
  });

  it('reads a set larger than a page in one $in read, with the same answer', async () => {
    const { stored, filters, collection } = customers(1_000);
    const ids = [...stored.keys()].slice(0, POINT_READS_UP_TO + 1);
    const found = await documentsById(collection, ids);
    expect(filters).toEqual([{ _id: { $in: ids } }]);
    expect(found).toEqual(new Map(ids.map((id) => [id, stored.get(id)])));
  });

  it('reads nothing for no ids', async () => {
    const { filters, collection } = customers(10);
    expect(await documentsById(collection, [])).toEqual(new Map());
    expect(filters).toEqual([]);
  });

  describe('on MongoDB, which serves $in from the _id index', () => {
    /** A server answering `buildInfo` as MongoDB 7 does, or as FerretDB 1.24 does. */
    const server = (info: Record<string, unknown>) =>
      ({
        admin: () => ({ command: async () => ({ version: '7.0.42', ...info }) }),
      }) as unknown as Db;

    afterEach(async () => {
      await detectDatabaseEngine(server({ ferretdbVersion: 'v1.24.2' }));
    });

    it('tells MongoDB from FerretDB by what buildInfo names', async () => {
      expect(databaseEngine()).toBe('ferretdb');
      expect(await detectDatabaseEngine(server({}))).toBe('mongodb');
      expect(await detectDatabaseEngine(server({ ferretdbVersion: 'v1.24.2' }))).toBe('ferretdb');
    });

    it('reads a page of ids in one $in read, with the answer the point reads give', async () => {
      const { stored, filters, collection } = customers(20_000);
      const page = Array.from(
        { length: 50 },
        (_, k) => `customer-${String(k * 397).padStart(5, '0')}`,
      );
      const onFerret = await documentsById(collection, [...page, 'customer-unknown']);
      filters.length = 0;
      await detectDatabaseEngine(server({}));
      const onMongo = await documentsById(collection, [...page, 'customer-unknown']);
      expect(filters).toEqual([{ _id: { $in: [...page, 'customer-unknown'] } }]);
      expect(onMongo).toEqual(onFerret);
      expect(onMongo).toEqual(new Map(page.map((id) => [id, stored.get(id)])));
    });
  });
});
