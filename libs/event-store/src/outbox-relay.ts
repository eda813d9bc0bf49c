import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { Counter, Histogram, register } from 'prom-client';
import type { BoundedContext } from '@crm/contracts';
import { toCloudEvent, toOutboundRecord, type OutboundRecord } from './cloud-event.mapper';
import {
  COMMITS_COLLECTION,
  LEASES_COLLECTION,
  PASSES_COLLECTION,
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
}

/** A relay pass in progress: the commits whose `published` holds its id are being published. */
interface PassDocument {
  _id: string;
  context: BoundedContext;
  openedAt: Date;
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

/**
 * Publishes every appended commit to Kafka at least once, in stream order, after the append has
 * been stored. It polls (FerretDB has no change streams) and only one instance per service publishes
 * at a time (a lease document), so the order of one stream is never interleaved by two relays.
 */
export class OutboxRelay {
  private readonly commits: Collection<CommitDocument>;
  private readonly leases: Collection<LeaseDocument>;
  private readonly passes: Collection<PassDocument>;
  private readonly now: () => Date;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** An append happened since the current pass began: the relay must not sleep before the next. */
  private woken = false;
  private readonly unsubscribe: (() => void) | undefined;
  /** Until when this instance is known to hold the lease (its last write of it). */
  private leaseUntil = 0;
  /** When this instance last looked for passes left open (by a dead holder, or its own failure). */
  private openPassesCheckedAt: number | undefined;

  constructor(
    db: Db,
    private readonly options: OutboxRelayOptions,
  ) {
    this.commits = db.collection<CommitDocument>(options.collection ?? COMMITS_COLLECTION);
    this.leases = db.collection<LeaseDocument>(LEASES_COLLECTION);
    this.passes = db.collection<PassDocument>(PASSES_COLLECTION);
    this.now = options.now ?? (() => new Date());
    this.unsubscribe = options.wakeOn?.onAppended(() => this.nudge());
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
      await this.drainOnce();
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
   * One pass, if this instance holds the lease: first finishes any pass a dead instance left
   * half done, then records a new pass, claims every pending commit for it (`published` goes from
   * `false` to the pass id), publishes the claimed commits (each stream in version order, in
   * chunks of `batchSize` records) and deletes the pass record: a commit is published once its
   * pass is no longer open. So each commit is written once; only equality filters are used,
   * which FerretDB pushes down to PostgreSQL, while `$in` makes it fetch the whole collection.
   */
  async drainOnce(): Promise<number> {
    try {
      return await this.pass();
    } catch (error) {
      // The failed pass may have left its record: the next pass publishes its commits first.
      this.openPassesCheckedAt = undefined;
      throw error;
    }
  }

  private async pass(): Promise<number> {
    if (!(await this.acquireLease())) return 0;
    let published = 0;
    // Open passes are looked for when the lease was taken, after a failure, and otherwise at most
    // once a poll interval (a paused former holder may have opened one late).
    const now = this.now().getTime();
    if (
      this.openPassesCheckedAt === undefined ||
      now - this.openPassesCheckedAt >= this.options.pollIntervalMs
    ) {
      for (const open of await this.passes.find({ context: this.options.context }).toArray()) {
        published += await this.publishPass(open._id);
      }
      this.openPassesCheckedAt = now;
    }
    // Idle polls read and write nothing more: a pass record only when there is something to claim.
    if (!(await this.commits.findOne({ published: false }, { projection: { _id: 1 } }))) {
      return published;
    }
    const pass = {
      _id: `${this.options.instanceId}:${randomUUID()}`,
      context: this.options.context,
      openedAt: this.now(),
    };
    await this.passes.insertOne(pass);
    const claimed = await this.commits.updateMany(
      { published: false },
      { $set: { published: pass._id } },
    );
    if (claimed.modifiedCount === 0) {
      await this.passes.deleteOne({ _id: pass._id });
      return published;
    }
    return published + (await this.publishPass(pass._id));
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

  private async publishPass(passId: string): Promise<number> {
    const claimed = await this.commits.find({ published: passId }).toArray();
    claimed.sort((a, b) =>
      a.stream === b.stream ? a.from - b.from : a.stream < b.stream ? -1 : 1,
    );
    // Each event goes out with the trace context of the request that appended its commit.
    const records = await this.recordsOf(claimed);
    for (let start = 0; start < records.length; start += this.options.batchSize) {
      await this.options.publisher.publish(
        this.options.topic,
        records.slice(start, start + this.options.batchSize),
      );
    }
    await this.passes.deleteOne({ _id: passId });
    const publishedAt = this.now();
    for (const commit of claimed) {
      publicationLag
        .labels(this.options.context)
        .observe((publishedAt.getTime() - commit.createdAt.getTime()) / 1000);
    }
    publishedEvents.labels(this.options.context).inc(records.length);
    return records.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      // What was appended before this point is seen by the pass; a later nudge sets it again.
      this.woken = false;
      try {
        published = await this.drainOnce();
      } catch (error) {
        this.options.logger.error('outbox relay pass failed; retrying', {
          err: error instanceof Error ? error.message : String(error),
        });
      }
      if (published === 0 && this.running) await this.sleep(this.options.pollIntervalMs);
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
      // A lease taken afresh may come with passes its former holder left open.
      if (!held) this.openPassesCheckedAt = undefined;
      return true;
    } catch (error) {
      this.leaseUntil = 0;
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
