import type { Kafka } from 'kafkajs';
import { deadLetterTopic } from '@crm/contracts';

const CREATE_ATTEMPTS = 5;

/**
 * Creates the topics (and their DLQs) if they are missing; safe on every start. Services starting
 * side by side create the same topics: the metadata of a topic another one is creating can answer
 * UNKNOWN_TOPIC_OR_PARTITION for a moment, so a retriable error is retried, not fatal. It returns
 * once the broker serves the metadata of every topic: a subscribe right after it (kafkajs does not
 * retry that metadata request) once crashed a service starting next to the one creating its topics.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  layout: { partitions: number; replicationFactor: number },
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = topics.flatMap((topic) => [topic, deadLetterTopic(topic)]);
    await retryRetriable(async () => {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: layout.partitions,
            replicationFactor: layout.replicationFactor,
          })),
        });
      }
      await admin.fetchTopicMetadata({ topics: wanted });
    }, CREATE_ATTEMPTS);
  } finally {
    await admin.disconnect();
  }
}

/**
 * kafkajs marks what a retry may cure; when its own retries run out it wraps that error in a
 * `KafkaJSNonRetriableError` whose cause still says so (a leader election that outlasted them).
 */
const isRetriable = (error: unknown): boolean => {
  let current = error as { retriable?: boolean; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current.retriable === true) return true;
    current = current.cause as typeof current;
  }
  return false;
};

/**
 * Calls `call` again (backing off) while it fails with an error kafkajs marks retriable: a leader
 * that is moving, metadata of a topic just created that is not everywhere yet.
 */
export async function retryRetriable<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isRetriable(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
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
