import { MongoServerError, type Collection, type Document, type Filter } from 'mongodb';

const DUPLICATE_KEY = 11000;

/** A directory document as its guards see it: a string id and whatever it holds. */
type Guarded = { _id: string } & Document;

/** Matches a document that has not applied `seq` yet (or has no version). */
export const olderThan = (seq: number): Filter<Guarded> => ({
  $or: [{ seq: { $lt: seq } }, { seq: { $exists: false } }],
});

/**
 * One guarded upsert of engagement's directory: false when the filter matched nothing (an older,
 * repeated or moved-away event). Each directory projection has one writer, the runner, so the
 * guard needs no atomicity across writers (FerretDB gives none).
 */
export async function upsertGuarded<TDocument extends Document>(
  collection: Collection<TDocument>,
  filter: Filter<Guarded>,
  set: Partial<TDocument>,
  unset: readonly string[] = [],
): Promise<boolean> {
  const target = collection as unknown as Collection<Guarded>;
  try {
    const result = await target.updateOne(
      filter,
      {
        $set: set,
        ...(unset.length > 0
          ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) }
          : {}),
      },
      { upsert: true },
    );
    return result.modifiedCount + result.upsertedCount > 0;
  } catch (error) {
    // The filter did not match an existing document: the upsert's insert collides with it.
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
    throw error;
  }
}

/**
 * Upserts `fields` on the document `id` as of version `seq` (stored with them), unless it holds
 * `seq` or a newer version already; `unset` fields are removed.
 */
export const upsertNewer = <TDocument extends Document>(
  collection: Collection<TDocument>,
  id: string,
  seq: number,
  fields: Partial<TDocument>,
  unset: readonly string[] = [],
): Promise<boolean> =>
  upsertGuarded(collection, { _id: id, ...olderThan(seq) }, { ...fields, seq }, unset);
