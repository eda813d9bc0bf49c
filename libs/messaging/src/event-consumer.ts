import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Counter, register } from 'prom-client';
import { ContractViolation, deadLetterTopic, UnknownEventType, type CloudEvent } from '@crm/contracts';
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
}

const metric = <T>(name: string, create: () => T): T =>
  (register.getSingleMetric(name) as T | undefined) ?? create();

const consumed = metric(
  'crm_consumer_events_total',
  () =>
    new Counter({
      name: 'crm_consumer_events_total',
      help: 'Records consumed, by group and outcome (applied, skipped, ignored_unknown_type, dead_lettered)',
      labelNames: ['group', 'topic', 'outcome'],
    }),
);

const parseJson = (text: string | undefined): unknown => {
  try {
    return JSON.parse(text ?? 'null');
  } catch (error) {
    throw new ContractViolation(`the record value is not JSON (${(error as Error).message})`);
  }
};

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
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EventConsumerOptions,
  ) {
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout,
      heartbeatInterval: Math.round(sessionTimeout / 10),
      retry: { retries: 10 },
    });
    this.deadLetters = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async start(): Promise<void> {
    if (this.options.topicLayout) {
      await ensureTopics(this.kafka, this.options.topics, this.options.topicLayout);
    }
    await this.deadLetters.connect();
    if (this.options.newGroupStartsAt === 'latest') await this.commitEndOffsetsOfNewGroup();
    await this.consumer.connect();
    // A new group reads the whole topic: projections are built from all of history.
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
        for (const message of batch.messages) {
          if (!isRunning() || isStale() || this.stopping) break;
          await this.process(batch.topic, batch.partition, message);
          // Only applied (or dead-lettered) records are ever committed.
          resolveOffset(message.offset);
          await heartbeat();
        }
        await commitOffsetsIfNecessary();
      },
    });
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
    await this.consumer.disconnect();
    await this.deadLetters.disconnect();
  }

  private async process(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const meta = { topic, partition, offset: message.offset };
    const type = message.headers?.['ce_type']?.toString();
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
      await context.with(trace.setSpan(parent, span), () => this.handleWithRetries(event, meta, message));
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
        await this.options.handle(event, meta);
        consumed.labels(this.options.groupId, topic, 'applied').inc();
        return;
      } catch (error) {
        const transient = this.options.isTransient(error);
        if (!transient && attempt >= this.options.maxAttempts) {
          await this.deadLetter(meta, message, error);
          return;
        }
        if (this.stopping) throw error;
        this.options.logger.warn(
          { err: errorText(error), eventId: event.id, type: event.type, attempt, transient, ...meta },
          'event handler failed; retrying',
        );
        await new Promise((resolve) =>
          setTimeout(resolve, this.options.retryBackoffMs * Math.min(attempt, 20)),
        );
      }
    }
  }

  private async deadLetter(
    meta: ConsumedEventMeta,
    message: KafkaMessage,
    error: unknown,
  ): Promise<void> {
    const reason = errorText(error);
    this.options.logger.error({ ...meta, err: reason }, 'record sent to the dead-letter topic');
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
            dlq_error_type: error instanceof ContractViolation ? 'contract_violation' : 'handler_failed',
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
