import fc from 'fast-check';
import sift from 'sift';
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

  it('spreads a scope on fields the query does not name, where an index can serve it', () => {
    expect(withinScope({ status: 'open' }, {})).toEqual({ status: 'open' });
    expect(withinScope({ status: 'open', _id: { $gt: 'c-0' } }, { region: '华东' })).toEqual({
      status: 'open',
      _id: { $gt: 'c-0' },
      region: '华东',
    });
  });

  it('ANDs a scope on a field the query names too, so neither replaces the other', () => {
    const ids = { _id: { $in: ['c-1'] } };
    expect(withinScope({ _id: { $gt: 'c-0' } }, ids)).toEqual({
      _id: { $gt: 'c-0' },
      $and: [ids],
    });
    const owners = { $or: [{ ownerId: '王伟' }, { region: '华东' }] };
    expect(
      withinScope({ $and: [{ a: 1 }], $or: [{ b: 2 }] }, { ...owners, $and: [{ c: 3 }] }),
    ).toEqual({
      $and: [{ a: 1 }, { ...owners, $and: [{ c: 3 }] }],
      $or: [{ b: 2 }],
    });
  });

  it('matches exactly the documents both the query and the scope match', () => {
    const owners = ['王伟', '李娜', 'rep-3'];
    const regions = ['华东', '华北', 'west'];
    const ids = ['c-1', 'c-2', 'c-3', 'c-4'];
    const document = fc.record({
      _id: fc.constantFrom(...ids),
      ownerId: fc.constantFrom(...owners),
      region: fc.constantFrom(...regions),
      status: fc.constantFrom('open', 'done'),
    });
    const equality = <T>(key: string, values: readonly T[]) =>
      fc.constantFrom(...values).map((value) => ({ [key]: value }));
    const condition = fc.oneof(
      equality('ownerId', owners),
      equality('region', regions),
      equality('status', ['open', 'done']),
      fc.constantFrom(...ids).map((id) => ({ _id: { $gt: id } })),
      fc.subarray(ids, { minLength: 1 }).map((some) => ({ _id: { $in: some } })),
    );
    const conditions = fc
      .array(condition, { maxLength: 3 })
      .chain((parts) =>
        fc.oneof(
          fc.constant(Object.assign({}, ...parts) as Record<string, unknown>),
          fc.constant(parts.length > 0 ? { $or: parts } : {}),
        ),
      );
    // A scope as the access policy writes it: nothing, one slice, or several slices ORed.
    const scope = fc
      .array(fc.oneof(equality('ownerId', owners), equality('region', regions)), { maxLength: 3 })
      .map((slices) => (slices.length <= 1 ? (slices[0] ?? {}) : { $or: slices }));
    fc.assert(
      fc.property(
        fc.array(document, { maxLength: 12 }),
        conditions,
        scope,
        (documents, query, access) => {
          const both = documents.filter(
            (candidate) => sift(query)(candidate) && sift(access)(candidate),
          );
          expect(documents.filter(sift(withinScope(query, access)))).toEqual(both);
        },
      ),
    );
  });
});
