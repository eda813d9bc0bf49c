import type { Kafka } from 'kafkajs';
import { ContractViolation, parseCloudEvent, type CloudEvent } from '@crm/contracts';
import type { ConsumedEventMeta } from '@crm/messaging';

/**
 * Reads topics from the beginning up to their end offsets as they are when called, in partition
 * order, with a throwaway consumer group (deleted afterwards). Records that are not valid events
 * of this build are passed over, as the live consumers pass them over (or dead-letter them).
 */
export async function readTopicsToEnd(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  handle: (event: CloudEvent, meta: ConsumedEventMeta) => Promise<void>,
): Promise<{ records: number }> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) remaining.set(`${topic}:${partition}`, BigInt(high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  let records = 0;
  if (remaining.size > 0) {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ topic, partition, message }) => {
              const key = `${topic}:${partition}`;
              const end = remaining.get(key);
              if (end === undefined) return;
              const offset = BigInt(message.offset);
              if (offset < end) {
                const event = parse(message.value?.toString('utf8'));
                if (event) await handle(event, { topic, partition, offset: message.offset });
                records += 1;
              }
              if (offset + 1n >= end) {
                remaining.delete(key);
                if (remaining.size === 0) resolve();
              }
            },
          })
          .catch(reject);
        consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      });
    } finally {
      await consumer.disconnect();
    }
  }
  const cleanup = kafka.admin();
  await cleanup.connect();
  await cleanup.deleteGroups([groupId]).catch(() => undefined);
  await cleanup.disconnect();
  return { records };
}

const parse = (text: string | undefined): CloudEvent | undefined => {
  try {
    return parseCloudEvent(JSON.parse(text ?? 'null'));
  } catch (error) {
    if (error instanceof ContractViolation || error instanceof SyntaxError) return undefined;
    throw error;
  }
};
