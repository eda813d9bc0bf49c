import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { Admin, Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Counter, Gauge, register } from 'prom-client';
import {
  ContractViolation,
  deadLetterTopic,
  eventRegistry,
  parseEventType,
  UnknownEventType,
  type BoundedContext,
  type CloudEvent,
} from '@crm/contracts';
import { PARTITIONER } from './kafka.factory';
import { ensureTopics } from './topics.admin';

export interface ConsumedEventMeta {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export type EventHandler = (event: CloudEvent, meta: ConsumedEventMeta) => Promise<void>;

export interface ConsumerLogger {
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

/**
 * Where a consumer group remembers the records it dead-lettered, by their place in their stream,
 * so the stream's later events apply over them instead of waiting forever behind them (ADR 75).
 */
export interface StreamGaps {
  /** The group gave up on this event: remember its stream and version, with the reason. */
  remember(event: CloudEvent, meta: ConsumedEventMeta, reason: string): Promise<void>;
  /**
   * When `error` says earlier versions of the event's stream are missing and every one of them is
   * remembered, runs `handle` again over them and returns true; otherwise returns false.
   */
  retryOverGaps(event: CloudEvent, error: unknown, handle: () => Promise<void>): Promise<boolean>;
}

/** Records a group has yet to consume, per topic (summed over partitions). */
export type ConsumerLag = Readonly<Record<string, number>>;

export interface EventConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Parses and validates a record value into a CloudEvent; throws ContractViolation if it is not one. */
  readonly parse: (value: unknown) => CloudEvent;
  readonly handle: EventHandler;
  /**
   * The event types (`ce_type`) this consumer reads. Records of other types are passed over by their
   * header, unparsed: a consumer neither pays for nor dead-letters what it does not read. Default: all.
   */
  readonly accepts?: (type: string) => boolean;
  /**
   * Where a group with no committed offsets begins: `earliest` (default) builds a projection from
   * all of history; `latest` starts at the end of each partition as it is when start() is called
   * (tests and throwaway environments sharing a long-lived broker).
   */
  readonly newGroupStartsAt?: 'earliest' | 'latest';
  readonly logger: ConsumerLogger;
  /** Attempts for a handler failure that is not transient, before the record goes to the DLQ. */
  readonly maxAttempts: number;
  readonly retryBackoffMs: number;
  /** The group session timeout (30 s by default); heartbeats go at a tenth of it. */
  readonly sessionTimeoutMs?: number;
  /** Failures worth waiting out (database or broker unreachable): retried without limit. */
  readonly isTransient: (error: unknown) => boolean;
  /** Creates the subscribed topics and their DLQs if missing, before subscribing. */
  readonly topicLayout?: { readonly partitions: number; readonly replicationFactor: number };
  /** Remembers dead-lettered events so their streams go on (none: a gap stays a gap). */
  readonly gaps?: StreamGaps;
}

const metric = <T>(name: string, create: () => T): T =>
  (register.getSingleMetric(name) as T | undefined) ?? create();

const consumed = metric(
  'crm_consumer_events_total',
  () =>
    new Counter({
      name: 'crm_consumer_events_total',
      help: 'Records consumed, by group and outcome (applied, applied_over_gap, skipped, ignored_unknown_type, dead_lettered)',
      labelNames: ['group', 'topic', 'outcome'],
    }),
);

/** The consumers started in this process: the lag gauge asks each of them when scraped. */
const running = new Set<KafkaEventConsumer>();

metric(
  'crm_consumer_lag',
  () =>
    new Gauge({
      name: 'crm_consumer_lag',
      help: 'Records on a topic the consumer group has not committed yet (computed when scraped)',
      labelNames: ['group', 'topic'],
      async collect() {
        this.reset();
        const lags = await Promise.all(
          [...running].map(async (consumer) => ({
            group: consumer.groupId,
            lag: await consumer.lag().catch(() => ({}) as ConsumerLag),
          })),
        );
        for (const { group, lag } of lags) {
          for (const [topic, behind] of Object.entries(lag)) this.labels(group, topic).set(behind);
        }
      },
    }),
);

const parseJson = (text: string | undefined): unknown => {
  try {
    return JSON.parse(text ?? 'null');
  } catch (error) {
    throw new ContractViolation(`the record value is not JSON (${(error as Error).message})`);
  }
};

/**
 * The current type of an event whatever version a record carries: `accepts` names current types
 * (the consumer is handed older versions upcast), so a version-1 record still on a topic is taken.
 */
function currentTypeOf(type: string): string {
  const parsed = parseEventType(type);
  if (!parsed) return type;
  try {
    return eventRegistry.typeOf(parsed.context as BoundedContext, parsed.name);
  } catch {
    return type;
  }
}

/** Reads W3C trace context (`traceparent`) from Kafka record headers. */
const headerGetter: TextMapGetter<IHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => {
    const value = headers[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

const errorText = (error: unknown): string =>
  error instanceof ContractViolation
    ? `${error.message}: ${error.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`
    : error instanceof Error
      ? error.message
      : String(error);

/**
 * Consumes CloudEvents with at-least-once delivery: an offset is committed only after its record
 * was applied or dead-lettered, so a crash re-delivers and the (idempotent) handler sees it again.
 * A record that is not a valid event, or whose handler keeps failing, goes to `<topic>.dlq` with
 * the error in its headers, and the partition moves on.
 */
export class KafkaEventConsumer {
  private readonly consumer: Consumer;
  private readonly deadLetters: Producer;
  private readonly admin: Admin;
  private stopping = false;
  private readonly heartbeatIntervalMs: number;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EventConsumerOptions,
  ) {
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    this.heartbeatIntervalMs = Math.round(sessionTimeout / 10);
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout,
      heartbeatInterval: this.heartbeatIntervalMs,
      retry: { retries: 10 },
    });
    this.deadLetters = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: PARTITIONER,
    });
    this.admin = kafka.admin();
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /**
   * What the group has yet to consume, per topic: end offsets minus committed offsets (from the
   * start of the partition where nothing is committed). Asked of the broker when called.
   */
  async lag(): Promise<ConsumerLag> {
    const committed = await this.admin.fetchOffsets({
      groupId: this.options.groupId,
      topics: [...this.options.topics],
    });
    // The topics' end offsets are asked at once, not one topic after another.
    const ends = await Promise.all(
      committed.map(({ topic }) => this.admin.fetchTopicOffsets(topic)),
    );
    const lag: Record<string, number> = {};
    committed.forEach(({ topic, partitions }, index) => {
      lag[topic] = ends[index]!.reduce((sum, end) => {
        const offset = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const from = offset === '-1' ? BigInt(end.low) : BigInt(offset);
        const behind = BigInt(end.high) - from;
        return sum + (behind > 0n ? Number(behind) : 0);
      }, 0);
    });
    return lag;
  }

  async start(): Promise<void> {
    if (this.options.topicLayout) {
      await ensureTopics(this.kafka, this.options.topics, this.options.topicLayout);
    }
    await this.deadLetters.connect();
    await this.admin.connect();
    if (this.options.newGroupStartsAt === 'latest') await this.commitEndOffsetsOfNewGroup();
    await this.consumer.connect();
    // A new group reads the whole topic: projections are built from all of history.
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        isRunning,
        isStale,
        commitOffsetsIfNecessary,
      }) => {
        for (const message of batch.messages) {
          if (!isRunning() || isStale() || this.stopping) break;
          // A record may wait out an outage far longer than the session: the member keeps
          // heartbeating meanwhile, or the group would drop it and every member would rejoin.
          const keepAlive = setInterval(
            () => void heartbeat().catch(() => undefined),
            this.heartbeatIntervalMs,
          );
          try {
            await this.process(batch.topic, batch.partition, message);
          } finally {
            clearInterval(keepAlive);
          }
          // Only applied (or dead-lettered) records are ever committed.
          resolveOffset(message.offset);
          await heartbeat();
        }
        await commitOffsetsIfNecessary();
      },
    });
    running.add(this);
  }

  /**
   * Commits, for partitions the group has never committed, the current end offsets: the consumer
   * then resumes exactly there, so every record sent after start() is seen (no race with the join).
   */
  private async commitEndOffsetsOfNewGroup(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.options.topics) {
        const [committed] = await admin.fetchOffsets({
          groupId: this.options.groupId,
          topics: [topic],
        });
        const fresh = new Set(
          (committed?.partitions ?? []).filter((p) => p.offset === '-1').map((p) => p.partition),
        );
        if (fresh.size === 0) continue;
        const ends = await admin.fetchTopicOffsets(topic);
        const partitions = ends
          .filter((end) => fresh.has(end.partition))
          .map((end) => ({ partition: end.partition, offset: end.high }));
        try {
          await admin.setOffsets({ groupId: this.options.groupId, topic, partitions });
        } catch (error) {
          // Another member of the group is already running: it has placed the group.
          this.options.logger.warn(
            { err: (error as Error).message, topic },
            'group already active; offsets kept',
          );
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** Finishes the record in hand, commits what was applied, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    running.delete(this);
    await this.consumer.disconnect();
    await this.deadLetters.disconnect();
    await this.admin.disconnect();
  }

  private async process(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const meta = { topic, partition, offset: message.offset };
    const header = message.headers?.['ce_type']?.toString();
    const type = header === undefined ? undefined : currentTypeOf(header);
    if (type !== undefined && this.options.accepts && !this.options.accepts(type)) {
      consumed.labels(this.options.groupId, topic, 'skipped').inc();
      return;
    }
    let event: CloudEvent;
    try {
      event = this.options.parse(parseJson(message.value?.toString('utf8')));
    } catch (error) {
      if (error instanceof UnknownEventType) {
        consumed.labels(this.options.groupId, topic, 'ignored_unknown_type').inc();
        return;
      }
      await this.deadLetter(meta, message, error);
      return;
    }
    // A CONSUMER span, child of the span that appended the event (its `traceparent` header).
    const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, headerGetter);
    const span = trace.getTracer('crm').startSpan(
      `${this.options.groupId} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.consumer.group.name': this.options.groupId,
          'messaging.kafka.offset': Number(message.offset),
          'messaging.message.id': event.id,
          'cloudevents.event_type': event.type,
          'cloudevents.event_subject': event.subject,
        },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), () =>
        this.handleWithRetries(event, meta, message),
      );
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(error) });
      throw error;
    } finally {
      span.end();
    }
  }

  private async handleWithRetries(
    event: CloudEvent,
    meta: ConsumedEventMeta,
    message: KafkaMessage,
  ): Promise<void> {
    const topic = meta.topic;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.handleOverGaps(event, meta);
        consumed.labels(this.options.groupId, topic, outcome).inc();
        return;
      } catch (error) {
        const transient = this.options.isTransient(error);
        if (!transient && attempt >= this.options.maxAttempts) {
          await this.deadLetter(meta, message, error, event);
          return;
        }
        if (this.stopping) throw error;
        this.options.logger.warn(
          {
            err: errorText(error),
            eventId: event.id,
            type: event.type,
            attempt,
            transient,
            ...meta,
          },
          'event handler failed; retrying',
        );
        await new Promise((resolve) =>
          setTimeout(resolve, this.options.retryBackoffMs * Math.min(attempt, 20)),
        );
      }
    }
  }

  /** Applies the event; if only dead-lettered versions of its stream are missing, over them. */
  private async handleOverGaps(
    event: CloudEvent,
    meta: ConsumedEventMeta,
  ): Promise<'applied' | 'applied_over_gap'> {
    try {
      await this.options.handle(event, meta);
      return 'applied';
    } catch (error) {
      const gaps = this.options.gaps;
      if (
        gaps &&
        (await gaps.retryOverGaps(event, error, () => this.options.handle(event, meta)))
      ) {
        this.options.logger.warn(
          { eventId: event.id, type: event.type, stream: event.subject, ...meta },
          'event applied over dead-lettered versions of its stream',
        );
        return 'applied_over_gap';
      }
      throw error;
    }
  }

  private async deadLetter(
    meta: ConsumedEventMeta,
    message: KafkaMessage,
    error: unknown,
    event?: CloudEvent,
  ): Promise<void> {
    const reason = errorText(error);
    this.options.logger.error(
      {
        ...meta,
        err: reason,
        eventId: event?.id,
        stream: event?.subject,
        sequence: event?.sequence,
      },
      'record sent to the dead-letter topic',
    );
    // Remembered first: once the offset moves on, the stream's later events must find the gap known.
    if (event) await this.options.gaps?.remember(event, meta, reason);
    await this.deadLetters.send({
      topic: deadLetterTopic(meta.topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            dlq_error: reason.slice(0, 4000),
            dlq_error_type:
              error instanceof ContractViolation ? 'contract_violation' : 'handler_failed',
            dlq_group: this.options.groupId,
            dlq_topic: meta.topic,
            dlq_partition: String(meta.partition),
            dlq_offset: meta.offset,
          },
        },
      ],
    });
    consumed.labels(this.options.groupId, meta.topic, 'dead_lettered').inc();
  }
}
