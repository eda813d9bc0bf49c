import type { Collection, Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { Counter, Histogram, register } from 'prom-client';
import type { BoundedContext } from '@crm/contracts';
import { toCloudEvent, toOutboundRecord, type OutboundRecord } from './cloud-event.mapper';
import {
  CHECKPOINTS_COLLECTION,
  COMMITS_COLLECTION,
  LEASES_COLLECTION,
  pageOf,
  PASSES_COLLECTION,
  PLACEHOLDER_STREAM,
  placeholderCommit,
  POSITIONS_PER_PAGE,
  type CommitDocument,
} from './commit.document';
import type { MongoEventStore } from './mongo-event-store';
import type { PayloadCodec } from './payload-codec';
import type { StoredEvent } from './stored-event';

export interface EventPublisher {
  /** Resolves only once the broker has acknowledged every record (acks=all). */
  publish(topic: string, records: readonly OutboundRecord[]): Promise<void>;
}

export interface RelayLogger {
  info(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface OutboxRelayOptions {
  readonly context: BoundedContext;
  readonly topic: string;
  readonly publisher: EventPublisher;
  readonly instanceId: string;
  readonly logger: RelayLogger;
  readonly batchSize: number;
  /**
   * How long an idle relay waits before it looks again. Appends of this process wake it at once
   * (`nudge`, or `wakeOn`): the poll is the safety net for appends of other replicas, of other
   * processes (CLIs) and of a pass that failed, so it can be seconds.
   */
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  readonly now?: () => Date;
  /**
   * The event store's payload codec: what is published is its `wire` form (personal values still
   * sealed, ADR 90), or the decoded payload for a codec without one.
   */
  readonly codec?: PayloadCodec;
  /**
   * Brings a published event written in an older version to the version that carries its personal
   * fields sealed (the store's `published`): an event stored as version 1 goes out as version 2.
   */
  readonly toPublished?: (event: StoredEvent) => StoredEvent;
  /** The commits collection it relays (see EventStoreOptions.collection). */
  readonly collection?: string;
  /** The event store whose appends wake this relay (the store of the same context and process). */
  readonly wakeOn?: Pick<MongoEventStore, 'onAppended'>;
  /**
   * How long a position may stay empty while later ones are stored before the relay fills it
   * with a placeholder and moves on (its appender died, or is paused: it then takes another).
   */
  readonly holeMs?: number;
}

/** A relay pass of ADR 7 (before ADR 144) left open: the commits whose `published` holds its id. */
interface PassDocument {
  _id: string;
  context: BoundedContext;
}

/** The highest position of a commits collection that is published, and all below it. */
interface CheckpointDocument {
  _id: string;
  position: number;
  at: Date;
}

/** The commits of the positions right after the checkpoint, in position order, with no gap. */
interface Batch {
  readonly from: number;
  readonly commits: readonly CommitDocument[];
  /** The batch stopped at a position still empty while later ones are stored. */
  readonly hole: boolean;
  /** The batch was cut at `batchSize` records: more are likely waiting. */
  readonly full: boolean;
}

interface LeaseDocument {
  _id: string;
  holder: string;
  until: Date;
}

const metric = <T>(name: string, create: () => T): T =>
  (register.getSingleMetric(name) as T | undefined) ?? create();

const publicationLag = metric(
  'crm_outbox_publication_lag_seconds',
  () =>
    new Histogram({
      name: 'crm_outbox_publication_lag_seconds',
      help: 'Time from append to broker acknowledgement',
      labelNames: ['context'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
);
const publishedEvents = metric(
  'crm_outbox_published_events_total',
  () =>
    new Counter({
      name: 'crm_outbox_published_events_total',
      help: 'Events the outbox relay published',
      labelNames: ['context'],
    }),
);

const DUPLICATE_KEY = 11000;
const DEFAULT_HOLE_MS = 1_000;
/** At most this many pages of a backlog are read at once (FerretDB answers them in parallel). */
const MAX_PAGES_AT_ONCE = 4;

/** One page's stored commits by position, as read at one moment. */
type Page = ReadonlyMap<number, CommitDocument>;

const checkpointIdOf = (context: BoundedContext, collection = COMMITS_COLLECTION) =>
  `${context}:${collection}`;

/**
 * How many commits of a store no relay has published yet (for tests and checks: it scans the
 * collection on FerretDB, so it is not for a hot path).
 */
export async function unpublishedCommits(
  db: Db,
  context: BoundedContext,
  collection = COMMITS_COLLECTION,
): Promise<number> {
  const checkpoint = await db
    .collection<CheckpointDocument>(CHECKPOINTS_COLLECTION)
    .findOne({ _id: checkpointIdOf(context, collection) });
  const commits = db.collection<CommitDocument>(collection);
  const positioned = await commits.countDocuments({
    position: { $gt: checkpoint?.position ?? 0 },
    stream: { $ne: PLACEHOLDER_STREAM },
  });
  return positioned + (await commits.countDocuments({ published: false }));
}

/**
 * Publishes every appended commit to Kafka at least once, in stream order, after the append has
 * been stored. Commits carry a store-wide position (above their stream's previous commit); the
 * relay publishes them in position order and then writes one checkpoint, the highest position out
 * (ADR 144). It polls (FerretDB has no change streams) and only one instance per service publishes
 * at a time (a lease document), so the order of one stream is never interleaved by two relays.
 */
export class OutboxRelay {
  private readonly commits: Collection<CommitDocument>;
  private readonly leases: Collection<LeaseDocument>;
  private readonly passes: Collection<PassDocument>;
  private readonly checkpoints: Collection<CheckpointDocument>;
  private readonly checkpointId: string;
  private readonly now: () => Date;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** An append happened since the current pass began: the relay must not sleep before the next. */
  private woken = false;
  private readonly unsubscribe: (() => void) | undefined;
  /** Until when this instance is known to hold the lease (its last write of it). */
  private leaseUntil = 0;
  /** The checkpoint as this instance last read or wrote it; read again when the lease is taken. */
  private checkpoint: number | undefined;
  /** The next batch, read while the previous one was being published. */
  private prefetched: Promise<Batch | undefined> | undefined;
  /**
   * Pages read and not yet passed: the rest of the page a batch ended in, and the pages of a
   * backlog read at once. A stored commit never changes, so a page read earlier answers for the
   * positions it holds; a position it lacks is read again (it may have been stored since).
   */
  private readonly pages = new Map<number, Promise<Page>>();
  /** Records per position in the last batch read: how many pages a backlog's next batch spans. */
  private recordsPerPosition = 1;
  /** Empty positions below stored ones, and when this instance first saw each. */
  private readonly holesSeenAt = new Map<number, number>();
  /** The last pass left work: a full batch, or a hole to look at again soon. */
  private again: 'no' | 'now' | 'soon' = 'no';
  /** Commits of ADR 7 (`published: false`, open passes) were looked for since the lease was taken. */
  private legacyChecked = false;
  /** The highest position this process's appends took (they wake the relay). */
  private highestAppended = 0;
  /** When the relay last read a page (and so looked for holes left by other processes). */
  private lastPageReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    db: Db,
    private readonly options: OutboxRelayOptions,
  ) {
    this.commits = db.collection<CommitDocument>(options.collection ?? COMMITS_COLLECTION);
    this.leases = db.collection<LeaseDocument>(LEASES_COLLECTION);
    this.passes = db.collection<PassDocument>(PASSES_COLLECTION);
    this.checkpoints = db.collection<CheckpointDocument>(CHECKPOINTS_COLLECTION);
    this.checkpointId = checkpointIdOf(options.context, options.collection);
    // eslint-disable-next-line no-restricted-syntax -- leases and hole timeouts between replicas are real time
    this.now = options.now ?? (() => new Date());
    this.unsubscribe = options.wakeOn?.onAppended(({ position }) => {
      this.highestAppended = Math.max(this.highestAppended, position);
      this.nudge();
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Publishes what is pending now, then stops and gives up the lease. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.running) {
      this.running = false;
      this.wake?.();
      await this.loop;
    }
    try {
      await this.drainAll();
    } finally {
      this.leaseUntil = 0;
      await this.leases.deleteOne({ _id: this.leaseId(), holder: this.options.instanceId });
    }
  }

  /**
   * Wakes the relay for a commit just appended: it passes now instead of after the poll interval.
   * An append during a pass makes the relay pass again right after it (the pass may have missed it).
   */
  nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  /**
   * One pass, if this instance holds the lease: reads the commits at the positions after the
   * checkpoint (one equality query per page of positions, FerretDB serves it from an index), up
   * to the first empty one or `batchSize` records, publishes them in position order (so each
   * stream in version order) and writes the checkpoint once. While the broker acknowledges, the
   * next batch is read. A crash between the two republishes the batch: at least once, and
   * consumers de-duplicate by event id. Returns how many records it published.
   */
  async drainOnce(): Promise<number> {
    try {
      return await this.pass();
    } catch (error) {
      // Read everything again (checkpoint, batch) on the next pass.
      this.checkpoint = undefined;
      this.prefetched = undefined;
      this.pages.clear();
      this.again = 'soon';
      throw error;
    }
  }

  /** Passes until nothing is pending (waiting for a hole to fill or age, at most `holeMs` each). */
  async drainAll(): Promise<number> {
    let published = 0;
    let progressAt = this.now().getTime();
    for (;;) {
      const batch = await this.drainOnce();
      published += batch;
      if (this.again === 'no') return published;
      if (batch > 0 || this.again === 'now') progressAt = this.now().getTime();
      if (this.again === 'soon') {
        // A hole gets a placeholder after holeMs: waiting much longer means something else is wrong.
        if (this.now().getTime() - progressAt > 2 * this.holeMs() + 1_000) return published;
        await new Promise((resolve) => setTimeout(resolve, this.holeWaitMs()));
      }
    }
  }

  private async pass(): Promise<number> {
    this.again = 'no';
    if (!(await this.acquireLease())) {
      this.prefetched = undefined;
      this.pages.clear();
      return 0;
    }
    let published = 0;
    if (!this.legacyChecked) {
      published += await this.publishLegacy();
      this.legacyChecked = true;
    }
    this.checkpoint ??= (await this.checkpoints.findOne({ _id: this.checkpointId }))?.position ?? 0;
    const from = this.checkpoint + 1;
    const prefetched = this.prefetched ? await this.prefetched : undefined;
    this.prefetched = undefined;
    // A batch read ahead starts at the checkpoint now, unless another instance moved it meanwhile.
    const batch = prefetched?.from === from ? prefetched : await this.readBatch(from, false);
    if (batch.commits.length === 0) {
      this.again = batch.hole ? 'soon' : 'no';
      return published;
    }
    const last = batch.commits.at(-1)!.position!;
    if (batch.full) {
      this.prefetched = this.readBatch(last + 1, true).catch(() => undefined);
    }
    // Each event goes out with the trace context of the request that appended its commit.
    const records = await this.recordsOf(batch.commits);
    for (let start = 0; start < records.length; start += this.options.batchSize) {
      await this.options.publisher.publish(
        this.options.topic,
        records.slice(start, start + this.options.batchSize),
      );
    }
    await this.checkpoints.updateOne(
      { _id: this.checkpointId },
      { $set: { position: last, at: this.now() } },
      { upsert: true },
    );
    this.checkpoint = last;
    this.again = batch.full ? 'now' : batch.hole ? 'soon' : 'no';
    this.observe(batch.commits, records.length);
    return published + records.length;
  }

  /**
   * The stored commits at positions `from`, `from + 1`, … up to the first empty position or
   * `batchSize` records. A position empty for `holeMs` while a later one is stored gets a
   * placeholder (its appender died or is paused; a late appender takes another position).
   * `backlog`: the batch before was full, so the pages this one spans are read at once.
   */
  private async readBatch(from: number, backlog: boolean): Promise<Batch> {
    for (const page of this.pages.keys()) {
      if (page < pageOf(from)) this.pages.delete(page);
    }
    const read = this.pages.get(pageOf(from));
    if (!(read && (await read).has(from)) && !(await this.mayFindCommitsFrom(from))) {
      return { from, commits: [], hole: false, full: false };
    }
    this.lastPageReadAt = this.now().getTime();
    if (backlog) {
      const positions = Math.ceil(this.options.batchSize / this.recordsPerPosition);
      const last = Math.min(pageOf(from + positions - 1), pageOf(from) + MAX_PAGES_AT_ONCE - 1);
      for (let page = pageOf(from); page <= last; page += 1) this.pageAt(page);
    }
    const commits: CommitDocument[] = [];
    let records = 0;
    let next = from;
    const cut = (full: boolean, hole: boolean): Batch => {
      this.recordsPerPosition = Math.max(1, records / Math.max(1, next - from));
      return { from, commits, hole, full };
    };
    for (;;) {
      const page = pageOf(next);
      let fresh = !this.pages.has(page);
      let stored = await this.pageAt(page);
      const end = (page + 1) * POSITIONS_PER_PAGE;
      while (next < end) {
        const commit = stored.get(next);
        if (!commit) {
          if (fresh) break;
          // Read earlier: the position may have been stored since.
          this.pages.delete(page);
          stored = await this.pageAt(page);
          fresh = true;
          continue;
        }
        this.holesSeenAt.delete(next);
        commits.push(commit);
        records += commit.events.length;
        next += 1;
        if (records >= this.options.batchSize) return cut(true, false);
      }
      if (next === end) {
        this.pages.delete(page);
        continue;
      }
      const after = this.pages.get(page + 1);
      const later =
        [...stored.keys()].some((position) => position > next) ||
        (after !== undefined && (await after).size > 0) ||
        (await this.commits.findOne({ page: page + 1 }, { projection: { _id: 1 } })) !== null;
      if (!later) return cut(false, false);
      const now = this.now().getTime();
      const seenAt = this.holesSeenAt.get(next) ?? now;
      this.holesSeenAt.set(next, seenAt);
      if (now - seenAt < this.holeMs()) return cut(false, true);
      try {
        await this.commits.insertOne(placeholderCommit(next, this.now()));
      } catch (error) {
        if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
      }
      // Filled, by the placeholder or by the late commit: read the page again.
      this.holesSeenAt.delete(next);
      this.pages.delete(page);
    }
  }

  /** A page's stored commits: as read before (kept in `pages`), or read now. */
  private pageAt(page: number): Promise<Page> {
    let read = this.pages.get(page);
    if (!read) {
      read = this.commits
        // One answer for the whole page: no getMore round trip after the driver's first 101.
        .find({ page }, { batchSize: POSITIONS_PER_PAGE + 1 })
        .toArray()
        .then((commits) => new Map(commits.map((commit) => [commit.position!, commit])));
      // A page read ahead may fail unobserved: forget it, the pass that needs it reads it again.
      read.catch(() => {
        if (this.pages.get(page) === read) this.pages.delete(page);
      });
      this.pages.set(page, read);
    }
    return read;
  }

  /**
   * Whether a page read from `from` can find anything. An idle relay polls often (in tests, every
   * 50 ms): it asks for the next position alone (one index lookup, no document), and reads the page
   * only when that position is stored, when this process appended beyond it, while a hole is
   * waited on, or once per `holeMs` (holes left by appends of other processes).
   */
  private async mayFindCommitsFrom(from: number): Promise<boolean> {
    for (const position of this.holesSeenAt.keys()) {
      if (position < from) this.holesSeenAt.delete(position);
    }
    if (this.holesSeenAt.size > 0 || this.highestAppended >= from) return true;
    if (this.now().getTime() - this.lastPageReadAt >= this.holeMs()) return true;
    return (await this.commits.findOne({ position: from }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * Commits written before ADR 144 and not yet published (`published: false`, or claimed by a
   * pass that never finished): published once, when the lease is taken, then marked.
   */
  private async publishLegacy(): Promise<number> {
    const open = await this.passes.find({ context: this.options.context }).toArray();
    const pending = await this.commits.find({ published: false }).toArray();
    for (const pass of open)
      pending.push(...(await this.commits.find({ published: pass._id }).toArray()));
    let published = 0;
    if (pending.length > 0) {
      pending.sort((a, b) =>
        a.stream === b.stream ? a.from - b.from : a.stream < b.stream ? -1 : 1,
      );
      const records = await this.recordsOf(pending);
      for (let start = 0; start < records.length; start += this.options.batchSize) {
        await this.options.publisher.publish(
          this.options.topic,
          records.slice(start, start + this.options.batchSize),
        );
      }
      await this.commits.updateMany(
        { _id: { $in: pending.map((commit) => commit._id) } },
        { $set: { published: true } },
      );
      this.observe(pending, records.length);
      published = records.length;
    }
    for (const pass of open) await this.passes.deleteOne({ _id: pass._id });
    return published;
  }

  private observe(commits: readonly CommitDocument[], records: number): void {
    const publishedAt = this.now().getTime();
    for (const commit of commits) {
      if (commit.events.length === 0) continue;
      publicationLag
        .labels(this.options.context)
        .observe((publishedAt - commit.createdAt.getTime()) / 1000);
    }
    publishedEvents.labels(this.options.context).inc(records);
  }

  private holeMs(): number {
    return this.options.holeMs ?? DEFAULT_HOLE_MS;
  }

  /** How long to wait before looking at a hole again. */
  private holeWaitMs(): number {
    return Math.min(this.options.pollIntervalMs, Math.max(10, Math.ceil(this.holeMs() / 4)));
  }

  /**
   * Publishes the store's whole history again, in its wire form (ADR 90: personal values sealed),
   * with the same event ids: consumers that applied a record skip its copy. For replacing records
   * published in clear before sealing existed; returns how many records went out.
   */
  async republishAll(): Promise<number> {
    let published = 0;
    let records: OutboundRecord[] = [];
    const flush = async () => {
      if (records.length === 0) return;
      await this.options.publisher.publish(this.options.topic, records);
      published += records.length;
      records = [];
    };
    const cursor = this.commits.find({}).sort({ createdAt: 1, stream: 1, from: 1 });
    for await (const commit of cursor) {
      records.push(...(await this.recordsOf([commit])));
      if (records.length >= this.options.batchSize) await flush();
    }
    await flush();
    return published;
  }

  /** The records of these commits as published: wire form, current version, trace context. */
  private async recordsOf(commits: readonly CommitDocument[]): Promise<OutboundRecord[]> {
    const stored = commits.flatMap((commit) => commit.events.map((event) => ({ event, commit })));
    const events = stored.map(({ event }) => event);
    const codec = this.options.codec;
    const wire = codec ? await (codec.wire ? codec.wire(events) : codec.decode(events)) : events;
    const toPublished = this.options.toPublished ?? ((event: StoredEvent) => event);
    return wire.map(toPublished).map((event, index) => {
      const { commit } = stored[index]!;
      return toOutboundRecord(toCloudEvent(this.options.context, event), {
        traceparent: commit.traceparent,
        tracestate: commit.tracestate,
      });
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      // What was appended before this point is seen by the pass; a later nudge sets it again.
      this.woken = false;
      try {
        await this.drainOnce();
      } catch (error) {
        this.options.logger.error('outbox relay pass failed; retrying', {
          err: error instanceof Error ? error.message : String(error),
        });
      }
      if (!this.running || this.again === 'now') continue;
      // An idle relay sleeps the poll interval; one waiting for a hole looks again soon.
      await this.sleep(this.again === 'soon' ? this.holeWaitMs() : this.options.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private leaseId(): string {
    return `outbox-relay:${this.options.context}`;
  }

  /**
   * Takes or renews the lease. A holder with more than half of its lease left writes nothing: a
   * busy relay (a pass per append) renews once per half lease instead of once per pass.
   */
  private async acquireLease(): Promise<boolean> {
    const now = this.now();
    if (this.leaseUntil - now.getTime() > this.options.leaseMs / 2) return true;
    const held = this.leaseUntil > now.getTime();
    try {
      await this.leases.findOneAndUpdate(
        {
          _id: this.leaseId(),
          $or: [{ holder: this.options.instanceId }, { until: { $lt: now } }],
        },
        {
          $set: {
            holder: this.options.instanceId,
            until: new Date(now.getTime() + this.options.leaseMs),
          },
        },
        { upsert: true },
      );
      this.leaseUntil = now.getTime() + this.options.leaseMs;
      // A lease taken afresh: another holder may have moved the checkpoint meanwhile.
      if (!held) {
        this.checkpoint = undefined;
        this.prefetched = undefined;
        this.pages.clear();
        this.legacyChecked = false;
      }
      return true;
    } catch (error) {
      this.leaseUntil = 0;
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
