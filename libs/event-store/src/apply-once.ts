import { MongoServerError, type Collection, type Document, type UpdateFilter } from 'mongodb';

export class ProjectionGapError extends Error {
  constructor(stream: string, expected: number, received: number) {
    super(`projection of stream ${stream} expected version ${expected}, received ${received}`);
    this.name = 'ProjectionGapError';
  }
}

type ProjectionDocument = Document & { _id: string; applied?: Record<string, number> };

/** Any read-model document keyed by a string id that remembers what it applied. */
export type ProjectedDocument = { _id: string; applied?: Record<string, number> };

/**
 * Applies one event's update to one read-model document exactly once, in stream order: the
 * document remembers the last version applied per source stream (`applied.<stream>`), and the
 * update only matches when this event is the next one. One atomic document write, no transaction.
 * Returns false for a duplicate; throws ProjectionGapError when an earlier event is missing.
 */
export async function applyOnce<TDocument extends ProjectedDocument>(
  target: Collection<TDocument>,
  documentId: string,
  event: { readonly stream: string; readonly sequence: number },
  update: UpdateFilter<ProjectionDocument>,
): Promise<boolean> {
  const collection = target as unknown as Collection<ProjectionDocument>;
  const field = `applied.${event.stream}`;
  const filter =
    event.sequence === 1
      ? { _id: documentId, [field]: { $exists: false } }
      : { _id: documentId, [field]: event.sequence - 1 };
  const guarded = { ...update, $set: { ...(update.$set ?? {}), [field]: event.sequence } };
  try {
    const result = await collection.updateOne(filter, guarded, { upsert: event.sequence === 1 });
    if (result.modifiedCount + result.upsertedCount > 0) return true;
  } catch (error) {
    if (!(error instanceof MongoServerError) || error.code !== 11000) throw error;
  }
  const current = await collection.findOne({ _id: documentId });
  const applied = current?.applied?.[event.stream] ?? 0;
  if (applied >= event.sequence) return false;
  throw new ProjectionGapError(event.stream, applied + 1, event.sequence);
}
