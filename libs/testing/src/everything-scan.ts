import { BSON, type MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { testKafka, uniqueSuffix } from './test-env';

/** Every document of every collection of a database, as one text (EJSON). */
export async function dumpDatabase(mongo: MongoClient, database: string): Promise<string> {
  const db = mongo.db(database);
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  const parts: string[] = [];
  for (const { name } of collections) {
    const documents = await db.collection(name).find({}).toArray();
    parts.push(`${name}: ${BSON.EJSON.stringify(documents)}`);
  }
  return parts.join('\n');
}

/**
 * Every record of every topic whose name starts with `prefix` (dead-letter topics included), read
 * from offset 0 to the end as it is when called: keys, headers and values, as one text per topic.
 */
export async function dumpTopics(prefix: string): Promise<Map<string, string>> {
  const kafka = testKafka('everything-scan');
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  const remaining = new Map<string, bigint>();
  for (const topic of topics) {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(high) > BigInt(low)) remaining.set(`${topic}:${partition}`, BigInt(high));
    }
  }
  const texts = new Map<string, string[]>(topics.map((topic) => [topic, []]));
  const groupId = `everything-scan-${uniqueSuffix()}`;
  if (remaining.size > 0) {
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const key = `${topic}:${partition}`;
            const end = remaining.get(key);
            if (end === undefined) return;
            const headers = Object.entries(message.headers ?? {}).map(
              ([name, value]) => `${name}=${String(value)}`,
            );
            texts
              .get(topic)!
              .push(
                `${message.key?.toString('utf8') ?? ''} ${headers.join(' ')} ${message.value?.toString('utf8') ?? ''}`,
              );
            if (BigInt(message.offset) + 1n >= end) {
              remaining.delete(key);
              if (remaining.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  await admin.disconnect();
  return new Map([...texts].map(([topic, lines]) => [topic, lines.join('\n')]));
}

/** Every key of the Redis database with its value, whatever its type, as one text. */
export async function dumpRedis(url: string): Promise<{ keys: number; text: string }> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  const parts: string[] = [];
  let cursor = '0';
  let keys = 0;
  try {
    do {
      const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of batch) {
        keys += 1;
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? await redis.hgetall(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'set'
                  ? await redis.smembers(key)
                  : type === 'zset'
                    ? await redis.zrange(key, '0', '-1', 'WITHSCORES')
                    : type === 'stream'
                      ? await redis.xrange(key, '-', '+')
                      : null;
        parts.push(`${key} ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return { keys, text: parts.join('\n') };
}
