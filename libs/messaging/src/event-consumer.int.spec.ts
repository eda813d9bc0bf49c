import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic, parseCloudEvent } from '@crm/contracts';
import { aCustomerRegisteredEvent, TopicTap, eventually, uniqueSuffix } from '@crm/testing';
import { KafkaEventConsumer } from './event-consumer';
import { ensureTopics } from './topics.admin';

const cloudEvent = aCustomerRegisteredEvent;

describe('KafkaEventConsumer (real broker)', () => {
  const suffix = uniqueSuffix();
  const topic = `test.consumer.${suffix}`;
  const kafka = new Kafka({
    clientId: `consumer-test-${suffix}`,
    brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });

  it('dead-letters poison records with the reason and keeps applying the rest', async () => {
    await ensureTopics(kafka, [topic], { partitions: 1, replicationFactor: 1 });
    const dlq = await new TopicTap(deadLetterTopic(topic), kafka).open();
    const applied: string[] = [];
    const failing = cloudEvent();
    const good = cloudEvent();
    let transientFailures = 0;
    const flaky = cloudEvent();
    const consumer = new KafkaEventConsumer(kafka, {
      groupId: `test-group-${suffix}`,
      topics: [topic],
      parse: parseCloudEvent,
      maxAttempts: 3,
      retryBackoffMs: 10,
      isTransient: (error) => error instanceof Error && error.name === 'MongoNetworkError',
      logger: { warn: () => undefined, error: () => undefined },
      handle: async (event) => {
        if (event.id === failing.id) throw new Error('the handler cannot apply this');
        if (event.id === flaky.id && transientFailures < 5) {
          transientFailures += 1;
          throw Object.assign(new Error('database unreachable'), { name: 'MongoNetworkError' });
        }
        applied.push(event.id);
      },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'k', value: 'this is not json' },
        { key: 'k', value: JSON.stringify({ hello: 'world' }) },
        { key: 'k', value: JSON.stringify(cloudEvent({ data: { customerId: 'x' } })) },
        // A type this build does not know yet: skipped, neither applied nor dead-lettered.
        { key: 'k', value: JSON.stringify(cloudEvent({ type: 'crm.customers.CustomerTeleported.v1' })) },
        { key: 'k', value: JSON.stringify(failing) },
        { key: 'k', value: JSON.stringify(flaky) },
        { key: 'k', value: JSON.stringify(good) },
      ],
    });
    await producer.disconnect();
    await consumer.start();
    try {
      await eventually(async () => (applied.length === 2 ? true : undefined), {
        timeoutMs: 20_000,
        what: 'the valid records to be applied',
      });
      // Infrastructure failures are waited out, never dead-lettered; order is kept.
      expect(applied).toEqual([flaky.id, good.id]);
      expect(transientFailures).toBe(5);

      const dead = await dlq.waitFor(() => true, { count: 4 });
      expect(dead.map((record) => record.headers['dlq_error_type'])).toEqual([
        'contract_violation',
        'contract_violation',
        'contract_violation',
        'handler_failed',
      ]);
      expect(dead[0]!.headers['dlq_error']).toMatch(/JSON/);
      expect(dead[2]!.headers['dlq_error']).toMatch(/data does not match/);
      expect(dead[3]!.headers['dlq_error']).toBe('the handler cannot apply this');
      expect(dead[3]!.headers['dlq_topic']).toBe(topic);
      expect(dead[3]!.value).toEqual(failing);
    } finally {
      await consumer.stop();
      await dlq.close();
    }

    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId: `test-group-${suffix}`, topics: [topic] });
    await admin.disconnect();
    expect(offsets!.partitions[0]!.offset).toBe('7');
  });
});
