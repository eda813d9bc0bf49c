import { v7 as uuidv7 } from 'uuid';
import { customerRegistered, eventRegistry } from '@crm/contracts';
import { MongoEventStore, OutboxRelay, toCloudEvent, toOutboundRecord } from '@crm/event-store';
import { ensureTopics, KafkaPublisher } from '@crm/messaging';
import type { BenchContext } from '../context';
import { measure, runConcurrently, type Measurement } from '../support';

/** Scenario 2: the outbox relay publishing pending events vs the raw producer sending the same records. */
export async function outboxRelay(context: BenchContext): Promise<Measurement[]> {
  const count = context.quick ? 2_000 : 20_000;
  const batchSize = 500;
  const topic = `bench.relay.${context.suffix}`;
  await ensureTopics(context.kafka, [topic], { partitions: 3, replicationFactor: 1 });
  const db = context.mongo.db(`bench_relay_${context.suffix}`);
  const store = new MongoEventStore(db, {
    context: 'customers',
    registry: eventRegistry,
    newId: uuidv7,
  });
  await store.ensureIndexes();
  await runConcurrently(count, 32, async () => {
    const stream = uuidv7();
    await store.append(
      stream,
      0,
      [{ type: 'CustomerRegistered', data: { ...customerRegistered.example, customerId: stream } }],
      { actorId: 'bench', correlationId: 'bench', causationId: 'bench', customerId: stream },
    );
  });
  const records = [];
  for await (const event of store.readAll())
    records.push(toOutboundRecord(toCloudEvent('customers', event)));

  // Raw: the same records, the same producer settings (idempotent, acks=all), the same batch size.
  const rawPublisher = new KafkaPublisher(context.kafka);
  await rawPublisher.connect();
  let started = performance.now();
  for (let offset = 0; offset < records.length; offset += batchSize) {
    await rawPublisher.publish(topic, records.slice(offset, offset + batchSize));
  }
  const rawSeconds = (performance.now() - started) / 1000;
  await rawPublisher.disconnect();

  const publisher = new KafkaPublisher(context.kafka);
  const relay = new OutboxRelay(db, {
    context: 'customers',
    topic,
    publisher,
    instanceId: 'bench',
    logger: { info: () => undefined, error: (message) => context.log(message) },
    batchSize,
    pollIntervalMs: 50,
    leaseMs: 60_000,
  });
  // Connected before the clock starts, as the raw producer is (a service connects it at boot).
  await publisher.connect();
  started = performance.now();
  let published = 0;
  while (published < count) published += await relay.drainOnce();
  const relaySeconds = (performance.now() - started) / 1000;
  await relay.stop();
  await publisher.disconnect();
  await db.dropDatabase();
  context.log(
    `relay: ${Math.round(count / relaySeconds)}/s vs raw ${Math.round(count / rawSeconds)}/s`,
  );
  return [
    measure(
      '2 outbox relay → Kafka',
      `${count} events, batch ${batchSize}`,
      'events/s',
      count / relaySeconds,
      count / rawSeconds,
      'higher_is_better',
    ),
  ];
}
