import type { Consumer, IHeaders } from 'kafkajs';
import { retryRetriable } from '@crm/messaging';
import { testKafka, uniqueSuffix } from './test-env';

export interface TappedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

const headersOf = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));

/** Records what is published to a topic from the moment it is opened. */
export class TopicTap {
  readonly records: TappedRecord[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly topic: string,
    private readonly kafka = testKafka('topic-tap'),
  ) {}

  async open(): Promise<this> {
    const admin = this.kafka.admin();
    await admin.connect();
    // The tap may open before the service that creates the topic has started. Right after a topic
    // is created (here or by a service) its metadata and leaders may still be on their way.
    const start = await retryRetriable(async () => {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: this.topic, numPartitions: 3 }],
      });
      return admin.fetchTopicOffsets(this.topic);
    });
    await admin.disconnect();
    // Reads from the beginning and keeps what comes after `start`: no seek racing the group join.
    const from = new Map(start.map(({ partition, offset }) => [partition, BigInt(offset)]));
    this.consumer = this.kafka.consumer({ groupId: `topic-tap-${uniqueSuffix()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        if (BigInt(message.offset) < (from.get(partition) ?? 0n)) return;
        this.records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: safeJson(message.value?.toString('utf8')),
          headers: headersOf(message.headers),
        });
      },
    });
    return this;
  }

  async waitFor(
    predicate: (record: TappedRecord) => boolean,
    { count = 1, timeoutMs = 15_000 } = {},
  ): Promise<TappedRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matches = this.records.filter(predicate);
      if (matches.length >= count) return matches;
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} record(s) on ${this.topic}, saw ${matches.length}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

const safeJson = (text: string | undefined): Record<string, unknown> => {
  try {
    return JSON.parse(text ?? 'null') as Record<string, unknown>;
  } catch {
    return { unparsable: text };
  }
};
