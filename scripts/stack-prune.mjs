// `npm run stack:prune`: deletes what test runs left on a long-lived local stack: Kafka topics
// named `test-…`/`test.…` and databases named `test_…`. Tests never delete their private topics
// and databases; after some thousand runs a 512 MB Kafka runs out of heap on the metadata of
// ~15,000 partitions. Run it when no tests are running (it would pull topics from under them).
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const isTestTopic = (name) => name.startsWith('test-') || name.startsWith('test.');

const admin = new Kafka({ clientId: 'stack-prune', brokers, logLevel: logLevel.NOTHING }).admin();
await admin.connect();
const topics = (await admin.listTopics()).filter(isTestTopic);
for (let i = 0; i < topics.length; i += 200) {
  await admin.deleteTopics({ topics: topics.slice(i, i + 200), timeout: 60_000 });
}
await admin.disconnect();

const mongo = await MongoClient.connect(mongoUri);
const { databases } = await mongo.db('admin').admin().listDatabases({ nameOnly: true });
const testDatabases = databases.map((d) => d.name).filter((name) => name.startsWith('test_'));
for (const name of testDatabases) await mongo.db(name).dropDatabase();
await mongo.close();

console.log(`deleted ${topics.length} test topics and ${testDatabases.length} test databases`);
