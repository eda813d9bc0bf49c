import { Kafka, logLevel } from 'kafkajs';
import { Topics } from '@crm/contracts';

/**
 * The list read model is built by a Kafka consumer whose group, new for every test run, would
 * read the shared topic from the beginning: every other test's events. Its group starts at the
 * topic's current end instead, as a deployment whose own history is already applied would.
 */
export async function startCardConsumerAtTopicEnd(groupPrefix: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'offset-setter',
    brokers: process.env['KAFKA_BROKERS']!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(Topics.customers);
    await admin.setOffsets({
      groupId: `${groupPrefix}.customers.customer-card`,
      topic: Topics.customers,
      partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
    });
  } finally {
    await admin.disconnect();
  }
}
