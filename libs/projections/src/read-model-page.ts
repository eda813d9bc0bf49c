import type { Collection, Document, Filter, FindOptions, WithId } from 'mongodb';
import { decodeCursor, toPage, type Page } from '@crm/platform';

/**
 * `conditions` narrowed to the caller's scope (a `sliceFilter`). The scope is ANDed: its conditions
 * on fields the query does not name are spread beside the query's, where an embedded database can
 * serve an equality from an index (FerretDB pushes only top-level equalities down, not an `$and`);
 * those on a field the query names too (a search's `$or`, a cursor's `_id`) go into `$and`, so the
 * scope never replaces one of the query's conditions, nor the query one of the scope's.
 */
export function withinScope<TConditions extends object>(
  conditions: TConditions,
  access: Record<string, unknown>,
): TConditions & Record<string, unknown> {
  const clash = (key: string) => Object.hasOwn(conditions, key);
  const beside = Object.entries(access).filter(([key]) => !clash(key));
  const nested = Object.entries(access).filter(([key]) => clash(key));
  if (nested.length === 0) return { ...conditions, ...Object.fromEntries(beside) };
  const { $and: and = [] } = conditions as { $and?: unknown[] };
  return {
    ...conditions,
    ...Object.fromEntries(beside),
    $and: [...and, Object.fromEntries(nested)],
  };
}

/** What a list query is asked for: the page after `cursor` (a `nextCursor` it answered), `limit` long. */
export interface PageRequest {
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** Where a page of a read model starts (a decoded cursor), how long it is, and the caller's scope. */
export interface ReadModelPage {
  readonly after?: string | undefined;
  readonly limit: number;
  /** The caller's scope as a filter (`sliceFilter`), ANDed with the conditions. */
  readonly access?: Record<string, unknown>;
}

/**
 * The documents of one page of a read model's list in id order, the order its cursor pages
 * through: those matching `conditions` (one left undefined is a filter not asked for) and the
 * caller's scope, after `after`, `limit` at most.
 */
export function findPage<TDocument extends Document>(
  collection: Collection<TDocument>,
  conditions: object,
  page: ReadModelPage,
  options?: FindOptions,
): Promise<WithId<TDocument>[]> {
  const asked = Object.entries(conditions).filter(([, value]) => value !== undefined);
  return collection
    .find(
      withinScope(
        {
          ...Object.fromEntries(asked),
          ...(page.after ? { _id: { $gt: page.after } } : {}),
        },
        page.access ?? {},
      ) as Filter<TDocument>,
      options,
    )
    .sort({ _id: 1 })
    .limit(page.limit)
    .toArray();
}

/**
 * A list's answer for `request`: one more document than `limit` read after the cursor, the extra
 * one only telling there is more, and the next cursor the last listed document's id.
 */
export async function listPage<TDocument extends { _id: string }, TItem>(
  request: PageRequest,
  read: (page: ReadModelPage) => Promise<readonly TDocument[]>,
  toItem: (document: TDocument) => TItem,
): Promise<Page<TItem>> {
  const documents = await read({ after: decodeCursor(request.cursor), limit: request.limit + 1 });
  return toPage(documents, request.limit, (document) => document._id, toItem);
}
