import type { AppendMetadata, AppendResult, LoadedStream, NewEvent } from './stored-event';

/** One append of many sent together (`appendMany`): to its own stream, at its own version. */
export interface PendingAppend {
  readonly stream: string;
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
  readonly metadata: AppendMetadata;
}

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
  /**
   * Many appends to different streams in one write (a bulk run). Each is stored or not on its own:
   * its result, or `undefined` when it was not stored (its stream moved on, its idempotency key
   * was used, another process took its position): the caller takes `append`'s path for that one.
   */
  appendMany(appends: readonly PendingAppend[]): Promise<(AppendResult | undefined)[]>;
  load(stream: string): Promise<LoadedStream>;
  /**
   * Every stream whose name starts with `prefix`, each as `load` gives it, in one read: a run over
   * every aggregate of a kind (one stream per customer) instead of one load per stream.
   */
  loadPrefixed(prefix: string): Promise<readonly LoadedStream[]>;
  currentVersion(stream: string): Promise<number>;
}
