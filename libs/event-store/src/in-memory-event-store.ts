import type { BoundedContext, EventRegistry } from '@crm/contracts';
import { assertStreamVersion, EventStoreError, EventStoreErrorCode } from './event-store.errors';
import { eventsToStore } from './events-to-store';
import type { EventStore, PendingAppend } from './event-store';
import type {
  AppendMetadata,
  AppendResult,
  LoadedStream,
  NewEvent,
  StoredEvent,
} from './stored-event';

export interface InMemoryEventStoreOptions {
  readonly context: BoundedContext;
  readonly registry: EventRegistry;
  readonly now?: () => Date;
  /** Ids of events; a counter by default, so a test sees the same ids on every run. */
  readonly newId?: () => string;
}

interface Commit {
  readonly stream: string;
  readonly idem: string | undefined;
  readonly from: number;
  readonly to: number;
  readonly events: readonly StoredEvent[];
}

/**
 * The event store's contract without a database, for handler tests: the same validation against
 * the event catalogue, the same expected-version guard and the same idempotency keys as
 * `MongoEventStore`. Events are kept as the store would return them (structured clones).
 */
export class InMemoryEventStore implements EventStore {
  private readonly commits: Commit[] = [];
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: InMemoryEventStoreOptions) {
    let ids = 0;
    // eslint-disable-next-line no-restricted-syntax -- standalone default; services pass their CLOCK
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => `event-${(ids += 1)}`);
  }

  async append(
    stream: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    metadata: AppendMetadata,
  ): Promise<AppendResult> {
    return this.appended(stream, expectedVersion, events, metadata);
  }

  private appended(
    stream: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    metadata: AppendMetadata,
  ): AppendResult {
    if (events.length === 0) {
      throw new EventStoreError(EventStoreErrorCode.EmptyAppend, 'nothing to append', { stream });
    }
    const earlier = metadata.idempotencyKey
      ? this.commits.find((commit) => commit.idem === metadata.idempotencyKey)
      : undefined;
    if (earlier) {
      return {
        fromVersion: earlier.from,
        toVersion: earlier.to,
        events: structuredClone(earlier.events),
        replayed: true,
      };
    }
    assertStreamVersion(stream, this.version(stream), expectedVersion);
    const occurredAt = (metadata.occurredAt ?? this.now()).toISOString();
    const source = { ...this.options, newId: this.newId };
    const stored = eventsToStore(source, stream, expectedVersion, events, metadata, occurredAt);
    const commit: Commit = {
      stream,
      idem: metadata.idempotencyKey,
      from: expectedVersion + 1,
      to: expectedVersion + events.length,
      events: structuredClone(stored),
    };
    this.commits.push(commit);
    return { fromVersion: commit.from, toVersion: commit.to, events: stored, replayed: false };
  }

  async appendMany(appends: readonly PendingAppend[]): Promise<(AppendResult | undefined)[]> {
    const results: (AppendResult | undefined)[] = [];
    for (const { stream, expectedVersion, events, metadata } of appends) {
      const used =
        metadata.idempotencyKey !== undefined &&
        this.commits.some((commit) => commit.idem === metadata.idempotencyKey);
      results.push(
        used || this.version(stream) !== expectedVersion
          ? undefined
          : this.appended(stream, expectedVersion, events, metadata),
      );
    }
    return results;
  }

  async load(stream: string): Promise<LoadedStream> {
    return {
      stream,
      version: this.version(stream),
      events: structuredClone(this.eventsOf(stream)),
    };
  }

  async loadPrefixed(prefix: string): Promise<readonly LoadedStream[]> {
    const streams = new Set(
      this.commits.map((commit) => commit.stream).filter((stream) => stream.startsWith(prefix)),
    );
    return Promise.all([...streams].map((stream) => this.load(stream)));
  }

  async currentVersion(stream: string): Promise<number> {
    return this.version(stream);
  }

  /** Every stored event in append order: what a test inspects after a command. */
  all(): readonly StoredEvent[] {
    return structuredClone(this.commits.flatMap((commit) => commit.events));
  }

  private eventsOf(stream: string): StoredEvent[] {
    return this.commits
      .filter((commit) => commit.stream === stream)
      .flatMap((commit) => commit.events);
  }

  private version(stream: string): number {
    return this.eventsOf(stream).at(-1)?.sequence ?? 0;
  }
}
