import type { Collection, Document, Filter, FindOptions } from 'mongodb';
import { databaseEngine } from './database-engine';

/**
 * On FerretDB, up to this many ids are read one `_id` equality each; more in one `$in` read.
 * FerretDB (ADR 62) serves an equality from an index but runs `$in` (and an `$or` of equalities)
 * over the whole collection: for a page of ids the point reads win by far (ADR 145: 50 ids of
 * 20,000 documents, ~0.2 s against ~5 s); for a report's thousands of ids one pass over the
 * collection is cheaper than thousands of round trips. MongoDB serves `$in` from the `_id` index:
 * there it is always one read.
 */
export const POINT_READS_UP_TO = 200;
/** Point reads sent at once (the connection pool serves the rest as they finish). */
const POINT_READS_IN_FLIGHT = 25;

/**
 * The documents of these ids that exist, by id: on FerretDB a page of them by `_id` equalities (at
 * most `POINT_READS_IN_FLIGHT` at a time), a larger set in one `$in` read; on MongoDB one `$in`.
 */
export async function documentsById<TDocument extends Document & { _id: string }>(
  collection: Collection<TDocument>,
  ids: Iterable<string>,
  options: Pick<FindOptions, 'projection'> = {},
): Promise<Map<string, TDocument>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, TDocument>();
  if (databaseEngine() === 'mongodb' || unique.length > POINT_READS_UP_TO) {
    const filter = { _id: { $in: unique } } as Filter<TDocument>;
    for (const document of await collection.find(filter, options).toArray()) {
      found.set(document._id, document as TDocument);
    }
    return found;
  }
  let next = 0;
  const reader = async () => {
    while (next < unique.length) {
      const _id = unique[next++]!;
      const document = await collection.findOne({ _id } as Filter<TDocument>, options);
      if (document) found.set(_id, document as TDocument);
    }
  };
  await Promise.all(Array.from({ length: Math.min(POINT_READS_IN_FLIGHT, unique.length) }, reader));
  return found;
}
