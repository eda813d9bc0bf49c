import type { Kafka } from 'kafkajs';
import { deadLetterTopic } from '@crm/contracts';

/** Creates the topics (and their DLQs) if they are missing; safe on every start. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  layout: { partitions: number; replicationFactor: number },
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = topics.flatMap((topic) => [topic, deadLetterTopic(topic)]);
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: layout.partitions, replicationFactor: layout.replicationFactor })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Answers whether the cluster responds: used by the readiness check. */
export async function pingKafka(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}
