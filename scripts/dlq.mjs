// `npm run dlq -- <topic>.dlq [--replay] [--group-prefix crm] [--show 20]`: drains a dead-letter topic.
// Without --replay it lists what is in the DLQ (the first --show records: offset, key, type, id,
// error; then counts by consumer group, error type and event type) and changes nothing.
// With --replay it sends every record not yet replayed back to the topic it came from (the
// dlq_topic header), unchanged, and commits its position in the group <prefix>.ops.dlq-replay,
// so a second run replays only what arrived since. Consumers de-duplicate, so a replay is safe.
// Fix the cause first (a deployed fix, a corrected contract), then replay.
// Reads KAFKA_BROKERS (default 127.0.0.1:9092).
import { parseArgs } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    replay: { type: 'boolean', default: false },
    'group-prefix': { type: 'string', default: 'crm' },
    show: { type: 'string', default: '20' },
  },
});
const [dlq] = positionals;
if (!dlq || !dlq.endsWith('.dlq')) {
  console.error('usage: npm run dlq -- <topic>.dlq [--replay] [--group-prefix crm]');
  process.exit(2);
}
const kafka = new Kafka({
  clientId: 'crm-dlq-tool',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.WARN,
});

const groupId = values.replay ? `${values['group-prefix']}.ops.dlq-replay` : `${values['group-prefix']}.ops.dlq-list-${Date.now()}`;
const admin = kafka.admin();
await admin.connect();
const ends = await admin.fetchTopicOffsets(dlq);
const [committed] = await admin.fetchOffsets({ groupId, topics: [dlq] });
await admin.disconnect();
const startOf = (partition, low) => {
  const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
  return offset === '-1' ? BigInt(low) : BigInt(offset);
};
// Where each partition ends now: the tool stops there, records arriving meanwhile wait for the next run.
const remaining = new Map(
  ends.filter((end) => BigInt(end.high) > startOf(end.partition, end.low)).map((end) => [end.partition, BigInt(end.high)]),
);
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
const consumer = kafka.consumer({ groupId });
let listed = 0;
const byReason = new Map();
let replayed = 0;
const header = (message, name) => message.headers?.[name]?.toString();

if (remaining.size > 0) {
  if (values.replay) await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: dlq, fromBeginning: true });
  await new Promise((resolve, reject) => {
    const check = () => remaining.size === 0 && resolve();
    consumer
      .run({
        autoCommit: values.replay,
        eachMessage: async ({ partition, message }) => {
          const end = remaining.get(partition);
          if (end === undefined || BigInt(message.offset) >= end) return;
          listed += 1;
          const reason = `${header(message, 'dlq_group')} ${header(message, 'dlq_error_type')} ${header(message, 'ce_type')}`;
          byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
          if (listed <= Number(values.show)) console.log(
            [`${partition}/${message.offset}`, message.key?.toString() ?? '-', header(message, 'ce_type'), header(message, 'ce_id'),
              `${header(message, 'dlq_group')}: ${header(message, 'dlq_error')}`].join('  '),
          );
          if (values.replay) {
            const target = header(message, 'dlq_topic');
            if (!target) throw new Error(`record ${partition}/${message.offset} has no dlq_topic header`);
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).filter(([name]) => !name.startsWith('dlq_')));
            await producer.send({ topic: target, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
            replayed += 1;
          }
          if (BigInt(message.offset) + 1n >= end) {
            remaining.delete(partition);
            check();
          }
        },
      })
      .catch(reject);
    check();
  });
  await consumer.disconnect();
  await producer.disconnect();
}
for (const [reason, count] of byReason) console.log(`${String(count).padStart(8)}  ${reason}`);
console.log(`${dlq}: ${listed} record(s)${values.replay ? `, ${replayed} replayed` : ''}`);
