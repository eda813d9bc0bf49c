import { AsyncLocalStorage } from 'node:async_hooks';
import { MongoServerError, type Collection, type Document, type UpdateFilter } from 'mongodb';

export class ProjectionGapError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: number,
    readonly received: number,
  ) {
    super(`projection of stream ${stream} expected version ${expected}, received ${received}`);
    this.name = 'ProjectionGapError';
  }
}

type ProjectionDocument = Document & { _id: string; applied?: Record<string, number> };

/** Any read-model document keyed by a string id that remembers what it applied. */
export type ProjectedDocument = { _id: string; applied?: Record<string, number> };

/** Per stream, the versions its consumer dead-lettered: a later event may apply over them. */
export type KnownGaps = ReadonlyMap<string, ReadonlySet<number>>;

const knownGaps = new AsyncLocalStorage<KnownGaps>();

/**
 * Runs `work` (one record's handler) so that applyOnce applies an event over missing versions
 * that are all in `gaps`: events its consumer could not apply and dead-lettered (ADR 75).
 */
export const applyingOverKnownGaps = <T>(gaps: KnownGaps, work: () => Promise<T>): Promise<T> =>
  knownGaps.run(gaps, work);

const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === 11000;

/** True when every version from `from` to `to` (inclusive) is a known gap of the stream. */
const allKnown = (stream: string, from: number, to: number): boolean => {
  const gaps = knownGaps.getStore()?.get(stream);
  if (!gaps) return false;
  for (let version = from; version <= to; version += 1) if (!gaps.has(version)) return false;
  return true;
};

/**
 * Applies one event's update to one read-model document exactly once, in stream order: the
 * document remembers the last version applied per source stream (`applied.<stream>`), and the
 * update only matches when this event is the next one. One atomic document write, no transaction.
 * Returns false for a duplicate; throws ProjectionGapError when an earlier event is missing,
 * unless every missing one is a known gap (applyingOverKnownGaps).
 */
export async function applyOnce<TDocument extends ProjectedDocument>(
  target: Collection<TDocument>,
  documentId: string,
  event: { readonly stream: string; readonly sequence: number },
  update: UpdateFilter<ProjectionDocument>,
): Promise<boolean> {
  const collection = target as unknown as Collection<ProjectionDocument>;
  const field = `applied.${event.stream}`;
  const after = (applied: number) =>
    applied === 0
      ? { _id: documentId, [field]: { $exists: false } }
      : { _id: documentId, [field]: applied };
  const guarded = { ...update, $set: { ...(update.$set ?? {}), [field]: event.sequence } };
  const write = async (applied: number): Promise<boolean> => {
    try {
      const result = await collection.updateOne(after(applied), guarded, { upsert: applied === 0 });
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
  };
  if (await write(event.sequence - 1)) return true;
  const current = await collection.findOne({ _id: documentId });
  const applied = current?.applied?.[event.stream] ?? 0;
  if (applied >= event.sequence) return false;
  // Conditional on the version just read, so a concurrent writer still cannot apply it twice.
  if (allKnown(event.stream, applied + 1, event.sequence - 1) && (await write(applied)))
    return true;
  throw new ProjectionGapError(event.stream, applied + 1, event.sequence);
}
