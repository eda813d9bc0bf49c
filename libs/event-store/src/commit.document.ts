import type { StoredEvent } from './stored-event';

/**
 * One append = one document, so an append is atomic without multi-document transactions
 * (FerretDB has none). The unique index on (stream, from) rejects a second writer that loaded the
 * same stream version; `idem` is unique too, so a retried command cannot append twice.
 * `position` orders every commit of the store for the outbox relay (ADR 144): unique (the
 * appender takes the next free one), above the position of the stream's previous commit, and grouped
 * by `page` so the relay reads the next positions with one equality query.
 */
export interface CommitDocument {
  _id: string;
  stream: string;
  from: number;
  to: number;
  events: StoredEvent[];
  idem: string;
  /** The store-wide position the relay publishes in; absent on commits older than ADR 144. */
  position?: number;
  /** `pageOf(position)`: what the relay and the appender query (an equality FerretDB serves). */
  page?: number;
  /**
   * The outbox flag of commits older than ADR 144: `false` until a relay pass claimed the commit,
   * then that pass's id (ADR 7). New commits have none: the relay's checkpoint says what is out.
   */
  published?: false | string | true;
  createdAt: Date;
  /** W3C trace context of the request that appended it: the relay passes it on in record headers. */
  traceparent?: string;
  tracestate?: string;
}

export const COMMITS_COLLECTION = 'event_commits';
export const LEASES_COLLECTION = 'event_leases';
export const PASSES_COLLECTION = 'event_outbox_passes';
export const CHECKPOINTS_COLLECTION = 'event_outbox_checkpoints';

/** Positions per page: the relay reads one page per query. */
export const POSITIONS_PER_PAGE = 256;

export const pageOf = (position: number): number => Math.floor(position / POSITIONS_PER_PAGE);

/**
 * A position no commit will take: the relay writes one into a hole it has seen long enough (an
 * appender that died or failed between taking the position and storing its commit), so that it
 * can move its checkpoint past it; a late appender then finds the position taken and takes another.
 */
export const PLACEHOLDER_STREAM = '$position-placeholder';

export const placeholderCommit = (position: number, createdAt: Date): CommitDocument => ({
  _id: `position:${position}`,
  stream: PLACEHOLDER_STREAM,
  // Negative versions: no query for a stream's versions (`{from: 1}`, say) finds it.
  from: -position,
  to: -position,
  events: [],
  idem: `position:${position}`,
  position,
  page: pageOf(position),
  createdAt,
});
