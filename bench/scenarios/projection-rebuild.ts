import mongoose from 'mongoose';
import { parseCloudEvent } from '@crm/contracts';
import { aCustomerRegisteredEvent } from '@crm/testing';
import { toOutboundRecord } from '@crm/event-store';
import { ensureTopics, KafkaEventConsumer, KafkaPublisher } from '@crm/messaging';
import { systemClock } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import {
  CUSTOMER_360,
  Customer360Projection,
  type Customer360Document,
} from '@apps/analytics/src/customer-360/infrastructure/customer-360.projection';
import type { BenchContext } from '../context';
import { measure, type Measurement } from '../support';

const waitUntil = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
};

/**
 * Scenario 6: rebuild the customer-360 projection from a topic (validated envelope, applyOnce),
 * against a raw consumer upserting the same documents with no validation and no guard.
 */
export async function projectionRebuild(context: BenchContext): Promise<Measurement[]> {
  // FerretDB (no index use) makes each upsert scan the collection: sizes kept modest (see README).
  const count = context.quick ? 1_000 : 10_000;
  const topic = `bench.rebuild.${context.suffix}`;
  await ensureTopics(context.kafka, [topic], { partitions: 3, replicationFactor: 1 });
  const publisher = new KafkaPublisher(context.kafka);
  const records = Array.from({ length: count }, () => toOutboundRecord(aCustomerRegisteredEvent()));
  for (let offset = 0; offset < records.length; offset += 1_000) {
    await publisher.publish(topic, records.slice(offset, offset + 1_000));
  }
  await publisher.disconnect();

  const rawDb = context.mongo.db(`bench_rebuild_raw_${context.suffix}`);
  const rawViews = rawDb.collection<{ _id: string }>('customer_360');
  let rawApplied = 0;
  const rawConsumer = context.kafka.consumer({ groupId: `bench-rebuild-raw-${context.suffix}` });
  await rawConsumer.connect();
  await rawConsumer.subscribe({ topic, fromBeginning: true });
  let started = performance.now();
  await rawConsumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString()) as {
        subject: string;
        data: Record<string, unknown>;
      };
      await rawViews.updateOne(
        { _id: event.subject },
        { $set: { profile: event.data } },
        { upsert: true },
      );
      rawApplied += 1;
    },
  });
  await waitUntil(() => rawApplied >= count);
  const rawSeconds = (performance.now() - started) / 1000;
  await rawConsumer.disconnect();

  const connection = await mongoose
    .createConnection(process.env['MONGODB_URI']!, {
      dbName: `bench_rebuild_${context.suffix}`,
      maxPoolSize: 20,
    })
    .asPromise();
  const slots = new ProjectionSlots(connection, { SERVICE_NAME: 'analytics' });
  const projection = new Customer360Projection(slots, systemClock);
  // The live slot, as the analytics projection runner resolves it before applying.
  const views = await slots.collection<Customer360Document>(CUSTOMER_360);
  let applied = 0;
  const consumer = new KafkaEventConsumer(context.kafka, {
    groupId: `bench-rebuild-${context.suffix}`,
    topics: [topic],
    parse: parseCloudEvent,
    handle: async (event) => {
      await projection.apply(event, views);
      applied += 1;
    },
    maxAttempts: 3,
    retryBackoffMs: 50,
    isTransient: () => false,
    logger: {
      warn: () => undefined,
      error: (details, message) => context.log(`${message} ${JSON.stringify(details)}`),
    },
  });
  started = performance.now();
  await consumer.start();
  await waitUntil(() => applied >= count);
  const seconds = (performance.now() - started) / 1000;
  await consumer.stop();
  await connection.dropDatabase();
  await connection.close();
  await rawDb.dropDatabase();
  context.log(
    `rebuild: ${Math.round(count / seconds)}/s vs raw ${Math.round(count / rawSeconds)}/s`,
  );
  return [
    measure(
      '6 projection rebuild',
      `${count.toLocaleString('en-US')} events from Kafka`,
      'events/s',
      count / seconds,
      count / rawSeconds,
      'higher_is_better',
    ),
  ];
}
