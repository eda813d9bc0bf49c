import { decodeCursor } from '@crm/platform';
import { listPage, withinScope, type ReadModelPage } from './read-model-page';

describe('a page of a list', () => {
  const documents = ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'].map((_id) => ({ _id }));
  const read = (page: ReadModelPage) =>
    Promise.resolve(
      documents.filter((document) => !page.after || document._id > page.after).slice(0, page.limit),
    );

  it('reads one document more than asked for, and names the last listed one as the next cursor', async () => {
    const asked: ReadModelPage[] = [];
    const first = await listPage(
      { limit: 2 },
      (page) => {
        asked.push(page);
        return read(page);
      },
      (document) => document._id,
    );
    expect(asked).toEqual([{ after: undefined, limit: 3 }]);
    expect(first.items).toEqual(['c-1', 'c-2']);
    expect(decodeCursor(first.nextCursor!)).toBe('c-2');

    const second = await listPage(
      { cursor: first.nextCursor!, limit: 2 },
      read,
      (document) => document._id,
    );
    expect(second.items).toEqual(['c-3', 'c-4']);
    const last = await listPage(
      { cursor: second.nextCursor!, limit: 2 },
      read,
      (document) => document._id,
    );
    expect(last).toEqual({ items: ['c-5'], nextCursor: null });
  });

  it('ANDs a scope, so that its own `_id` or `$or` stays beside the query’s', () => {
    expect(withinScope({})).toEqual({});
    const region = { region: '华东' };
    expect(withinScope(region)).toEqual({ $and: [region] });
    const ids = { _id: { $in: ['c-1'] } };
    expect({ ...withinScope(ids), _id: { $gt: 'c-0' } }).toEqual({
      $and: [ids],
      _id: { $gt: 'c-0' },
    });
  });
});
