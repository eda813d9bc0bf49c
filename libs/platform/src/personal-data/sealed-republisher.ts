import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { deadLetterTopic } from '@crm/contracts';
import type { OutboxRelay } from '@crm/event-store';
import { KAFKA } from '../infrastructure.tokens';

export const republishResult = z.object({
  context: z.string(),
  topic: z.string(),
  republished: z.int().describe('records published again, sealed'),
  deleted: z
    .record(z.string(), z.int())
    .describe('records deleted below the marks, per topic (the topic and its DLQ)'),
});
export type RepublishResult = z.infer<typeof republishResult>;

interface RelayOfContext {
  readonly relay: Pick<OutboxRelay, 'republishAll'>;
  readonly topic: string;
}

/**
 * Replaces the records a context published before its personal values were sealed (ADR 90): marks
 * the end of its topic and of its DLQ, publishes the whole event store again in the wire form (same
 * ids, so consumers skip what they applied), then deletes every record below the marks. What was
 * published meanwhile lies above the marks and stays.
 */
@Injectable()
export class SealedRepublisher {
  private readonly logger = new Logger('SealedRepublisher');
  private readonly relays = new Map<string, RelayOfContext>();

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  /** Registered by the service's event-sourcing module for its context. */
  register(context: string, relay: RelayOfContext['relay'], topic: string): void {
    this.relays.set(context, { relay, topic });
  }

  contexts(): string[] {
    return [...this.relays.keys()];
  }

  async republish(context: string): Promise<RepublishResult | undefined> {
    const entry = this.relays.get(context);
    if (!entry) return undefined;
    const topics = [entry.topic, deadLetterTopic(entry.topic)];
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const marks = new Map<string, { partition: number; offset: string; low: string }[]>();
      for (const topic of topics.filter((name) => existing.has(name))) {
        const offsets = await admin.fetchTopicOffsets(topic);
        marks.set(
          topic,
          offsets.map(({ partition, high, low }) => ({ partition, offset: high, low })),
        );
      }
      const republished = await entry.relay.republishAll();
      const deleted: Record<string, number> = {};
      for (const [topic, partitions] of marks) {
        const below = partitions.filter(({ offset, low }) => BigInt(offset) > BigInt(low));
        if (below.length > 0) {
          await admin.deleteTopicRecords({
            topic,
            partitions: below.map(({ partition, offset }) => ({ partition, offset })),
          });
        }
        deleted[topic] = below.reduce(
          (sum, { offset, low }) => sum + Number(BigInt(offset) - BigInt(low)),
          0,
        );
      }
      this.logger.log({ msg: 'republished sealed', context, republished, deleted });
      return { context, topic: entry.topic, republished, deleted };
    } finally {
      await admin.disconnect();
    }
  }
}
