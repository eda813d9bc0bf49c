import type { Collection, Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { Counter, Histogram, register } from 'prom-client';
import type { BoundedContext } from '@crm/contracts';
import { toCloudEvent, toOutboundRecord, type OutboundRecord } from './cloud-event.mapper';
import { COMMITS_COLLECTION, LEASES_COLLECTION, type CommitDocument } from './commit.document';

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
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  readonly now?: () => Date;
  /** The commits collection it relays (see EventStoreOptions.collection). */
  readonly collection?: string;
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
  private readonly now: () => Date;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    db: Db,
    private readonly options: OutboxRelayOptions,
  ) {
    this.commits = db.collection<CommitDocument>(options.collection ?? COMMITS_COLLECTION);
    this.leases = db.collection<LeaseDocument>(LEASES_COLLECTION);
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Publishes what is pending now, then stops and gives up the lease. */
  async stop(): Promise<void> {
    if (this.running) {
      this.running = false;
      this.wake?.();
      await this.loop;
    }
    try {
      await this.drainOnce();
    } finally {
      await this.leases.deleteOne({ _id: this.leaseId(), holder: this.options.instanceId });
    }
  }

  /** Asks the relay to poll now instead of waiting for the next interval (after an append). */
  nudge(): void {
    this.wake?.();
  }

  /** One pass: publishes up to a batch of pending commits if this instance holds the lease. */
  async drainOnce(): Promise<number> {
    if (!(await this.acquireLease())) return 0;
    const head = await this.commits
      .find({ published: false })
      .sort({ createdAt: 1 })
      .limit(this.options.batchSize)
      .toArray();
    if (head.length === 0) return 0;
    // Everything still pending for these streams, so a stream is always published in version
    // order even if two appenders' clocks disagree about createdAt.
    const streams = [...new Set(head.map((commit) => commit.stream))];
    const pending = await this.commits
      .find({ published: false, stream: { $in: streams } })
      .toArray();
    pending.sort((a, b) => (a.stream === b.stream ? a.from - b.from : a.stream < b.stream ? -1 : 1));

    const records = pending.flatMap((commit) =>
      commit.events.map((event) => toOutboundRecord(toCloudEvent(this.options.context, event))),
    );
    await this.options.publisher.publish(this.options.topic, records);
    const publishedAt = this.now();
    await this.commits.updateMany(
      { _id: { $in: pending.map((commit) => commit._id) } },
      { $set: { published: true, publishedAt } },
    );
    for (const commit of pending) {
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
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private leaseId(): string {
    return `outbox-relay:${this.options.context}`;
  }

  private async acquireLease(): Promise<boolean> {
    const now = this.now();
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
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
