import type { AppendMetadata, AppendResult, LoadedStream, NewEvent } from './stored-event';

/**
 * What a command handler needs of an event store: `MongoEventStore` in the services,
 * `InMemoryEventStore` in handler tests.
 */
export interface EventStore {
  /**
   * Appends events if the stream is still at `expectedVersion` (0 for a new stream); otherwise
   * throws `StreamVersionConflict`. A repeated idempotency key returns the first append instead.
   */
  append(
    stream: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    metadata: AppendMetadata,
  ): Promise<AppendResult>;
  load(stream: string): Promise<LoadedStream>;
  /**
   * Every stream whose name starts with `prefix`, each as `load` gives it, in one read: a run over
   * every aggregate of a kind (one stream per customer) instead of one load per stream.
   */
  loadPrefixed(prefix: string): Promise<readonly LoadedStream[]>;
  currentVersion(stream: string): Promise<number>;
}
