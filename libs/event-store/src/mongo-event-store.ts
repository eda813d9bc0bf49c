import { context, propagation } from '@opentelemetry/api';
import type { Collection, Db } from 'mongodb';
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { eventTypeName, type BoundedContext, type EventRegistry } from '@crm/contracts';
import { COMMITS_COLLECTION, pageOf, type CommitDocument } from './commit.document';
import { EventStoreError, EventStoreErrorCode } from './event-store.errors';
import { eventsToStore } from './events-to-store';
import type { EventStore, PendingAppend } from './event-store';
import type { PayloadCodec } from './payload-codec';
import type {
  AppendMetadata,
  AppendResult,
  LoadedStream,
  NewEvent,
  StoredEvent,
} from './stored-event';

const DUPLICATE_KEY = 11000;
/** How many streams' last positions a store remembers (the load → append of a command). */
const REMEMBERED_STREAMS = 10_000;
/** How many positions a store keeps for reuse after appends that did not store (conflicts, replays). */
const REUSABLE_POSITIONS = 1_000;

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
  /** The store position it took (ADR 144). */
  readonly position: number;
}

/** The event store of one service, in that service's own MongoDB database. */
export class MongoEventStore implements EventStore {
  private readonly commits: Collection<CommitDocument>;
  private readonly now: () => Date;
  private readonly appendListeners = new Set<(appended: AppendedCommit) => void>();
  /** The position this store tries next (the highest it has seen taken, plus one). */
  private nextPosition: number | undefined;
  private firstPosition: Promise<number> | undefined;
  /** Positions this store took but did not use (ascending): the next appends take them first. */
  private readonly unused: number[] = [];
  /** Each recently seen stream's last commit: its version and position. */
  private readonly lastCommits = new Map<string, { to: number; position: number }>();

  constructor(
    db: Db,
    private readonly options: EventStoreOptions,
  ) {
    this.commits = db.collection<CommitDocument>(options.collection ?? COMMITS_COLLECTION);
    // eslint-disable-next-line no-restricted-syntax -- standalone default; services pass their CLOCK
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
    // The relay's order: one commit per position (sparse: commits older than ADR 144 have none).
    await this.commits.createIndex(
      { position: 1 },
      { unique: true, sparse: true, name: 'position' },
    );
    // Serves the relay reading the next positions and an appender looking for the last one.
    await this.commits.createIndex({ page: 1 }, { name: 'page' });
    // Serves the relay's one-off look for commits left unpublished before ADR 144.
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
    const { commit, stored } = await this.commitOf({ stream, expectedVersion, events, metadata });
    // Above the stream's previous commit, so the relay publishes the stream in version order.
    const floor = await this.positionAfter(stream, expectedVersion);
    for (;;) {
      const position = await this.takePosition(floor);
      commit.position = position;
      commit.page = pageOf(position);
      try {
        await this.commits.insertOne(commit);
        break;
      } catch (error) {
        if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) {
          this.release(position);
          throw error;
        }
        const holder = await this.commits.findOne({ position }, { projection: { _id: 1 } });
        if (holder) {
          // Another appender (another process, or the relay's placeholder) has this position.
          // Never backwards: this process's concurrent appends hold the positions below.
          const last = await this.lastPositionFrom(position);
          this.nextPosition = Math.max(this.nextPosition ?? 0, last + 1);
          continue;
        }
        this.release(position);
      }
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
    this.stored(commit);
    return { fromVersion: commit.from, toVersion: commit.to, events: stored, replayed: false };
  }

  /**
   * Many appends to different streams as one `insertMany` (unordered: each commit is stored or
   * refused on its own by the same unique indexes as `append`). One that was not stored (version
   * conflict, used idempotency key, position taken elsewhere) gives back its position and answers
   * `undefined`: the caller appends it again through `append`, which tells those cases apart.
   */
  async appendMany(appends: readonly PendingAppend[]): Promise<(AppendResult | undefined)[]> {
    // Every commit is built (and validated) before any takes a position.
    const built = [];
    for (const append of appends) built.push(await this.commitOf(append));
    for (const [index, { commit }] of built.entries()) {
      const { stream, expectedVersion } = appends[index]!;
      commit.position = await this.takePosition(await this.positionAfter(stream, expectedVersion));
      commit.page = pageOf(commit.position);
    }
    const refused = new Set<number>();
    if (built.length > 0) {
      try {
        await this.commits.insertMany(
          built.map(({ commit }) => commit),
          { ordered: false },
        );
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError)) throw error;
        for (const { index } of [error.writeErrors].flat()) refused.add(index);
      }
    }
    return built.map(({ commit, stored }, index) => {
      if (refused.has(index)) {
        this.release(commit.position!);
        return undefined;
      }
      this.stored(commit);
      return { fromVersion: commit.from, toVersion: commit.to, events: stored, replayed: false };
    });
  }

  /** The commit document of one append (events validated, numbered and encoded), without a position. */
  private async commitOf({
    stream,
    expectedVersion,
    events,
    metadata,
  }: PendingAppend): Promise<{ commit: CommitDocument; stored: StoredEvent[] }> {
    if (events.length === 0) {
      throw new EventStoreError(EventStoreErrorCode.EmptyAppend, 'nothing to append', { stream });
    }
    const occurredAt = (metadata.occurredAt ?? this.now()).toISOString();
    const stored = eventsToStore(
      this.options,
      stream,
      expectedVersion,
      events,
      metadata,
      occurredAt,
    );
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
      createdAt: this.now(),
      ...(trace.traceparent ? { traceparent: trace.traceparent } : {}),
      ...(trace.tracestate ? { tracestate: trace.tracestate } : {}),
    };
    return { commit, stored };
  }

  /** After a commit was stored: remember where its stream ends, and tell the listeners. */
  private stored(commit: CommitDocument): void {
    this.remember(commit.stream, commit.to, commit.position!);
    const appended: AppendedCommit = {
      stream: commit.stream,
      fromVersion: commit.from,
      toVersion: commit.to,
      position: commit.position!,
    };
    for (const listener of this.appendListeners) {
      // The append is stored: a failing listener must not turn it into an error for the caller.
      try {
        listener(appended);
      } catch {
        // the relay's slow poll still finds the commit
      }
    }
  }

  async load(stream: string): Promise<LoadedStream> {
    const commits = await this.commits.find({ stream }).sort({ from: 1 }).toArray();
    const last = commits.at(-1);
    if (last) this.remember(stream, last.to, last.position ?? 0);
    const events = await this.decode(commits.flatMap((commit) => commit.events));
    return { stream, version: commits.at(-1)?.to ?? 0, events };
  }

  /**
   * One range read on `stream` (MongoDB walks the `stream_from` index; FerretDB, which does not
   * push a range down, reads the collection once) instead of one equality query per stream.
   * Unsorted: each stream's commits are put in order here, not by the server.
   */
  async loadPrefixed(prefix: string): Promise<readonly LoadedStream[]> {
    if (prefix.length === 0) throw new RangeError('loadPrefixed needs a prefix');
    const after = `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
    const byStream = new Map<string, CommitDocument[]>();
    const cursor = this.commits.find(
      { stream: { $gte: prefix, $lt: after } },
      { projection: { stream: 1, from: 1, to: 1, events: 1, position: 1 } },
    );
    for await (const commit of cursor) {
      const commits = byStream.get(commit.stream);
      if (commits) commits.push(commit);
      else byStream.set(commit.stream, [commit]);
    }
    const loaded: LoadedStream[] = [];
    for (const [stream, commits] of byStream) {
      commits.sort((a, b) => a.from - b.from);
      const last = commits.at(-1)!;
      this.remember(stream, last.to, last.position ?? 0);
      const events = await this.decode(commits.flatMap((commit) => commit.events));
      loaded.push({ stream, version: last.to, events });
    }
    return loaded;
  }

  async currentVersion(stream: string): Promise<number> {
    const last = await this.commits.find({ stream }).sort({ from: -1 }).limit(1).toArray();
    if (last[0]) this.remember(stream, last[0].to, last[0].position ?? 0);
    return last[0]?.to ?? 0;
  }

  /** The position of the stream's commit that ends at `version` (0: none, or older than ADR 144). */
  private async positionAfter(stream: string, version: number): Promise<number> {
    if (version === 0) return 0;
    const known = this.lastCommits.get(stream);
    if (known?.to === version) return known.position;
    const previous = await this.commits.findOne(
      { stream, to: version },
      { projection: { position: 1 } },
    );
    return previous?.position ?? 0;
  }

  /**
   * The next position for this store's appends, above `floor`: first one it took and did not use
   * (the relay waits at such a hole), else a new one. Concurrent appends of one process take
   * distinct positions; another process's appends are told apart by the unique index.
   */
  private async takePosition(floor: number): Promise<number> {
    const reusable = this.unused.findIndex((position) => position > floor);
    if (reusable >= 0) return this.unused.splice(reusable, 1)[0]!;
    // Looked up once per store instance, however many appends start together.
    this.firstPosition ??= this.lastPositionFrom(0).then(
      (last) => last + 1,
      (error: unknown) => {
        this.firstPosition = undefined;
        throw error;
      },
    );
    const first = await this.firstPosition;
    const position = Math.max(this.nextPosition ?? first, floor + 1);
    this.nextPosition = position + 1;
    return position;
  }

  /**
   * The highest position taken, looked for from `from` on page by page (doubling the stride, then
   * halving it): a few equality queries, however long the store.
   */
  private async lastPositionFrom(from: number): Promise<number> {
    const used = async (page: number) =>
      (await this.commits.findOne({ page }, { projection: { _id: 1 } })) !== null;
    let low = pageOf(from);
    if (!(await used(low))) return from;
    let stride = 1;
    while (await used(low + stride)) {
      low += stride;
      stride *= 2;
    }
    // `low` is used, `low + stride` is not: narrow down to the last used page.
    while (stride > 1) {
      stride /= 2;
      if (await used(low + stride)) low += stride;
    }
    const positions = await this.commits
      .find({ page: low }, { projection: { position: 1 } })
      .toArray();
    return Math.max(from, ...positions.map((commit) => commit.position ?? 0));
  }

  /**
   * A position an append took but did not store: the next append of this store takes it. Past
   * the bound, or if this process stops first, the relay fills it with a placeholder after
   * `holeMs`.
   */
  private release(position: number): void {
    if (this.unused.length >= REUSABLE_POSITIONS) return;
    this.unused.push(position);
    this.unused.sort((a, b) => a - b);
  }

  private remember(stream: string, to: number, position: number): void {
    this.lastCommits.delete(stream);
    this.lastCommits.set(stream, { to, position });
    if (this.lastCommits.size > REMEMBERED_STREAMS) {
      this.lastCommits.delete(this.lastCommits.keys().next().value!);
    }
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
