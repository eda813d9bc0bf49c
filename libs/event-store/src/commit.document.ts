import type { StoredEvent } from './stored-event';

/**
 * One append = one document, so an append is atomic without multi-document transactions
 * (FerretDB has none). The unique index on (stream, from) rejects a second writer that loaded the
 * same stream version; `idem` is unique too, so a retried command cannot append twice.
 * `published` is the outbox flag the relay polls: `false` until a relay pass claims the commit,
 * then the id of that pass (published once the pass record is gone).
 */
export interface CommitDocument {
  _id: string;
  stream: string;
  from: number;
  to: number;
  events: StoredEvent[];
  idem: string;
  published: false | string;
  createdAt: Date;
  /** W3C trace context of the request that appended it: the relay passes it on in record headers. */
  traceparent?: string;
  tracestate?: string;
}

export const COMMITS_COLLECTION = 'event_commits';
export const LEASES_COLLECTION = 'event_leases';
export const PASSES_COLLECTION = 'event_outbox_passes';
