import type { Collection, Document, UpdateFilter } from 'mongodb';
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
