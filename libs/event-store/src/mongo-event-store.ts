import { context, propagation } from '@opentelemetry/api';
import type { Collection, Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { eventTypeName, type BoundedContext, type EventRegistry } from '@crm/contracts';
import { COMMITS_COLLECTION, type CommitDocument } from './commit.document';
import { EventStoreError, EventStoreErrorCode } from './event-store.errors';
import type { EventStore } from './event-store';
import type { PayloadCodec } from './payload-codec';
import type {
  AppendMetadata,
  AppendResult,
  LoadedStream,
  NewEvent,
  StoredEvent,
} from './stored-event';

const DUPLICATE_KEY = 11000;

export interface EventStoreOptions {
  readonly context: BoundedContext;
  readonly registry: EventRegistry;
  readonly now?: () => Date;
  readonly newId: () => string;
  /** Transforms payloads into and out of the store (e.g. crypto-shredding); none by default. */
  readonly codec?: PayloadCodec;
  /** The commits collection: a second event-sourced context in one database keeps its own. */
  readonly collection?: string;
}

/** What an append stored: the stream and the versions it now holds. */
export interface AppendedCommit {
  readonly stream: string;
  readonly fromVersion: number;
  readonly toVersion: number;
}

/** The event store of one service, in that service's own MongoDB database. */
export class MongoEventStore implements EventStore {
  private readonly commits: Collection<CommitDocument>;
  private readonly now: () => Date;
  private readonly appendListeners = new Set<(appended: AppendedCommit) => void>();

  constructor(
    db: Db,
    private readonly options: EventStoreOptions,
  ) {
    this.commits = db.collection<CommitDocument>(options.collection ?? COMMITS_COLLECTION);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Calls `listener` after each append this instance stored (not a replayed one): the outbox relay
   * of the same process wakes on it instead of polling. Returns the unsubscribe.
   */
  onAppended(listener: (appended: AppendedCommit) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Creates the indexes the store relies on; safe to call on every start. */
  async ensureIndexes(): Promise<void> {
    // The optimistic-concurrency guard: one commit per (stream, first version).
    await this.commits.createIndex({ stream: 1, from: 1 }, { unique: true, name: 'stream_from' });
    // The idempotency guard: a retried command finds its first commit.
    await this.commits.createIndex({ idem: 1 }, { unique: true, name: 'idem' });
    // Serves the outbox relay: unpublished commits, oldest first.
    await this.commits.createIndex({ published: 1, createdAt: 1 }, { name: 'outbox' });
  }

  /**
   * Appends events to a stream if its version is still `expectedVersion` (0 for a new stream).
   * `expectedVersion` must be a version read from this store (a commit boundary).
   */
  async append(
    stream: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    metadata: AppendMetadata,
  ): Promise<AppendResult> {
    if (events.length === 0) {
      throw new EventStoreError(EventStoreErrorCode.EmptyAppend, 'nothing to append', { stream });
    }
    const occurredAt = (metadata.occurredAt ?? this.now()).toISOString();
    const stored: StoredEvent[] = events.map((event, index) => {
      const definition = this.options.registry.current(this.options.context, event.type);
      const type = this.options.registry.typeOf(this.options.context, event.type);
      return {
        id: this.options.newId(),
        stream,
        sequence: expectedVersion + index + 1,
        type: event.type,
        schemaVersion: definition.version,
        data: this.options.registry.validateData(type, event.data),
        occurredAt,
        ...(metadata.customerId === undefined ? {} : { customerId: metadata.customerId }),
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
        actorId: metadata.actorId,
      };
    });
    const commitId = this.options.newId();
    const trace: { traceparent?: string; tracestate?: string } = {};
    propagation.inject(context.active(), trace);
    const commit: CommitDocument = {
      _id: commitId,
      stream,
      from: expectedVersion + 1,
      to: expectedVersion + events.length,
      events: this.options.codec ? await this.options.codec.encode(stored) : stored,
      idem: metadata.idempotencyKey ?? commitId,
      published: false,
      createdAt: this.now(),
      ...(trace.traceparent ? { traceparent: trace.traceparent } : {}),
      ...(trace.tracestate ? { tracestate: trace.tracestate } : {}),
    };
    try {
      await this.commits.insertOne(commit);
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
      const earlier = metadata.idempotencyKey
        ? await this.commits.findOne({ idem: metadata.idempotencyKey })
        : null;
      if (earlier) {
        return {
          fromVersion: earlier.from,
          toVersion: earlier.to,
          events: await this.decode(earlier.events),
          replayed: true,
        };
      }
      const actual = await this.currentVersion(stream);
      throw new EventStoreError(
        EventStoreErrorCode.StreamVersionConflict,
        `stream ${stream} is at version ${actual}, not ${expectedVersion}`,
        { stream, expectedVersion, actualVersion: actual },
      );
    }
    const appended: AppendedCommit = { stream, fromVersion: commit.from, toVersion: commit.to };
    for (const listener of this.appendListeners) {
      // The append is stored: a failing listener must not turn it into an error for the caller.
      try {
        listener(appended);
      } catch {
        // the relay's slow poll still finds the commit
      }
    }
    return { fromVersion: commit.from, toVersion: commit.to, events: stored, replayed: false };
  }

  async load(stream: string): Promise<LoadedStream> {
    const commits = await this.commits.find({ stream }).sort({ from: 1 }).toArray();
    const events = await this.decode(commits.flatMap((commit) => commit.events));
    return { stream, version: commits.at(-1)?.to ?? 0, events };
  }

  async currentVersion(stream: string): Promise<number> {
    const last = await this.commits.find({ stream }).sort({ from: -1 }).limit(1).toArray();
    return last[0]?.to ?? 0;
  }

  /** Every stored event in append order of each stream: for rebuilds and audits. */
  async *readAll(batchSize = 500): AsyncGenerator<StoredEvent> {
    const cursor = this.commits
      .find({})
      .sort({ createdAt: 1, stream: 1, from: 1 })
      .batchSize(batchSize);
    for await (const commit of cursor) yield* await this.decode(commit.events);
  }

  /** Events as the domain reads them: decoded, and written in an older version upcast to the current one. */
  private async decode(events: readonly StoredEvent[]): Promise<readonly StoredEvent[]> {
    const decoded = this.options.codec ? await this.options.codec.decode(events) : events;
    return decoded.map((event) => this.upcast(event));
  }

  /**
   * An event as it is published: one whose personal values travel sealed (`data.sealed`, ADR 90)
   * but that was written in a version without that field goes out in the current version (its
   * other fields upcast, the sealed values as they are). Other events go out as written.
   */
  published(event: StoredEvent): StoredEvent {
    const { sealed, ...rest } = event.data;
    if (sealed === undefined) return event;
    const current = this.options.registry.current(this.options.context, event.type);
    if (current.version === event.schemaVersion) return event;
    const upcast = this.upcast({ ...event, data: rest });
    return { ...upcast, data: { ...upcast.data, sealed } };
  }

  private upcast(event: StoredEvent): StoredEvent {
    const { registry, context } = this.options;
    const current = registry.current(context, event.type);
    if (current.version === event.schemaVersion) return event;
    const { data } = registry.toCurrent(
      eventTypeName(context, event.type, event.schemaVersion),
      event.data,
    );
    return { ...event, schemaVersion: current.version, data };
  }
}
