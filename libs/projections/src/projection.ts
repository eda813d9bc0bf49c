import type { Collection, Document } from 'mongodb';
import type { CloudEvent } from '@crm/contracts';

/** How an event is applied: live (may publish follow-on events) or while rebuilding (no side effects). */
export interface ApplyMode {
  readonly live: boolean;
}

/**
 * A disposable read model: built only from the events of its topics, into one collection, by one
 * writer. Its checkpoint is the consumer group's offsets plus the per-stream versions each document
 * remembers (applyOnce); rebuilding it from the topics gives the same documents.
 */
export interface Projection<TDocument extends Document = Document> {
  /** Names the projection, its consumer group and its slot. */
  readonly name: string;
  /** The collection it lives in until its first rebuild; `<service>_<name>` when absent. */
  readonly collection?: string;
  /** Contract topics it reads (without the deployment prefix). */
  readonly topics: readonly string[];
  /**
   * The event types it reads (current CloudEvent types); others of its topics are passed over
   * unparsed, live and while rebuilding. Default: every event of its topics.
   */
  readonly accepts?: (type: string) => boolean;
  apply(event: CloudEvent, target: Collection<TDocument>, mode: ApplyMode): Promise<unknown>;
  /** Indexes serving its queries; created on the live collection and on a rebuilt one. */
  ensureIndexes?(target: Collection<TDocument>): Promise<void>;
}
