import { MongoServerError, type Collection, type Document, type UpdateFilter } from 'mongodb';
import type { CloudEvent } from '@crm/contracts';
import { applyOnce, type ProjectedDocument } from '@crm/event-store';

/** Applies one event to one document once, in its stream's order (the checkpoint is `applied.<stream>`). */
export const applyTo = <TDocument extends ProjectedDocument & Document>(
  target: Collection<TDocument>,
  documentId: string,
  event: CloudEvent,
  update: UpdateFilter<Document> | Record<string, Record<string, unknown>> = {},
): Promise<boolean> =>
  applyOnce(
    target,
    documentId,
    { stream: event.subject, sequence: event.sequence },
    update as UpdateFilter<Document>,
  );

/** True when the document already holds this event (a redelivery). */
export const alreadyApplied = (document: ProjectedDocument | null, event: CloudEvent): boolean =>
  (document?.applied?.[event.subject] ?? 0) >= event.sequence;

/**
 * Applies an event of a stream the projection reads only some events of (its `accepts` passes the
 * others over): once, and after the last version it applied, without expecting the versions in
 * between — they were never meant for it. Conditional on the version just read, so a concurrent
 * writer still cannot apply it twice.
 */
export async function applySparse<TDocument extends ProjectedDocument & Document>(
  target: Collection<TDocument>,
  documentId: string,
  event: CloudEvent,
  update: Record<string, Record<string, unknown>> = {},
): Promise<boolean> {
  const collection = target as unknown as Collection<ProjectedDocument & Document>;
  const field = `applied.${event.subject}`;
  const current = await collection.findOne({ _id: documentId }, { projection: { applied: 1 } });
  const applied = current?.applied?.[event.subject] ?? 0;
  if (applied >= event.sequence) return false;
  try {
    const result = await collection.updateOne(
      { _id: documentId, [field]: applied === 0 ? { $exists: false } : applied },
      { ...update, $set: { ...(update['$set'] ?? {}), [field]: event.sequence } },
      { upsert: current === null },
    );
    return result.modifiedCount + result.upsertedCount > 0;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return false;
    throw error;
  }
}
