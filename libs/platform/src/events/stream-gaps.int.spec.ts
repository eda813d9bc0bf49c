import { MongoClient, type Collection } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { register } from 'prom-client';
import { deadLetterTopic, parseCloudEvent, type CloudEvent } from '@crm/contracts';
import { applyOnce, type ProjectedDocument } from '@crm/event-store';
import { ensureTopics, KafkaEventConsumer } from '@crm/messaging';
import {
  aCustomerRegisteredEvent,
  eventually,
  testKafka,
  TopicTap,
  uniqueSuffix,
} from '@crm/testing';
import { systemClock } from '../time/clock';
import { StreamGapLedger } from './stream-gaps';

interface Card extends ProjectedDocument {
  name?: string;
  city?: string;
}

/** The nth event of a customer's stream, carrying the fields the test card takes from it. */
const eventOf = (customerId: string, sequence: number, data: Record<string, unknown>): CloudEvent =>
  aCustomerRegisteredEvent({
    subject: customerId,
    customerid: customerId,
    sequence,
    data: { ...(aCustomerRegisteredEvent().data as Record<string, unknown>), customerId, ...data },
  });

const metricValue = async (name: string, labels: Record<string, string>): Promise<number> => {
  const metric = await register.getSingleMetric(name)!.get();
  const sample = metric.values.find((value) =>
    Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
  );
  return sample?.value ?? 0;
};

describe('a record no read model can store (real broker, FerretDB)', () => {
  const suffix = uniqueSuffix();
  const topic = `test.gaps.${suffix}`;
  const group = `test-gaps-${suffix}`;
  const kafka = testKafka(`gaps-${suffix}`);
  const mongo = new MongoClient(process.env['MONGODB_URI'] ?? '');
  const database = `test_gaps_${suffix}`;
  let cards: Collection<Card>;
  let ledger: StreamGapLedger;

  beforeAll(async () => {
    await mongo.connect();
    cards = mongo.db(database).collection<Card>('cards');
    ledger = new StreamGapLedger(mongo.db(database), systemClock);
    await ensureTopics(kafka, [topic], { partitions: 1, replicationFactor: 1 });
  });

  afterAll(async () => {
    await mongo.db(database).dropDatabase();
    await mongo.close();
  });

  const consumerFor = (handled: CloudEvent[]) =>
    new KafkaEventConsumer(kafka, {
      groupId: group,
      topics: [topic],
      parse: parseCloudEvent,
      maxAttempts: 2,
      retryBackoffMs: 10,
      isTransient: () => false,
      gaps: ledger.of(group),
      logger: { warn: () => undefined, error: () => undefined },
      handle: async (event) => {
        const data = event.data as { name: string; city?: string };
        await applyOnce(
          cards,
          event.subject,
          { stream: event.subject, sequence: event.sequence },
          { $set: { name: data.name, ...(data.city ? { city: data.city } : {}) } },
        );
        handled.push(event);
      },
    });

  it('dead-letters it with the reason, marks it, and applies the customer’s later events over it', async () => {
    const customerId = uuidv7();
    const neighbour = eventOf(uuidv7(), 1, {
      name: '杭州莲花贸易有限公司',
    });
    // PostgreSQL refuses a NUL in a string (SQLSTATE 22P05): version 1 can never be stored.
    const poison = eventOf(customerId, 1, { name: 'a\u0000b' });
    const later = [
      eventOf(customerId, 2, { name: '上海浦东新区客户', city: '上海' }),
      eventOf(customerId, 3, { name: '上海浦东新区客户（集团）', city: '上海' }),
    ];
    const dlq = await new TopicTap(deadLetterTopic(topic), kafka).open();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [poison, neighbour, ...later].map((event) => ({
        key: event.subject,
        value: JSON.stringify(event),
        headers: { ce_type: event.type, ce_id: event.id },
      })),
    });
    const handled: CloudEvent[] = [];
    const consumer = consumerFor(handled);
    await consumer.start();
    try {
      await eventually(async () => ((await consumer.lag())[topic] === 0 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'the group to reach the end of its topic',
      });
      const [dead] = await dlq.waitFor((record) => record.value['id'] === poison.id);
      expect(dead!.headers['dlq_error']).toMatch(/22P05/);
      expect(dead!.headers['dlq_group']).toBe(group);

      expect(await cards.findOne({ _id: customerId })).toEqual({
        _id: customerId,
        name: '上海浦东新区客户（集团）',
        city: '上海',
        applied: { [customerId]: 3 },
      });
      expect(await cards.findOne({ _id: neighbour.subject })).toMatchObject({
        name: '杭州莲花贸易有限公司',
      });
      expect(await ledger.summary(group)).toEqual({ events: 1, customers: 1 });
      const [mark] = await ledger.list(group);
      expect(mark).toMatchObject({
        stream: customerId,
        sequence: 1,
        eventId: poison.id,
        offset: '0',
      });
      expect(mark!.reason).toMatch(/22P05/);
      expect(
        await metricValue('crm_consumer_events_total', { group, outcome: 'dead_lettered' }),
      ).toBe(1);
      expect(
        await metricValue('crm_consumer_events_total', { group, outcome: 'applied_over_gap' }),
      ).toBe(1);
      expect(await metricValue('crm_consumer_lag', { group, topic })).toBe(0);
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await dlq.close();
    }
  });

  it('still refuses to skip a version nobody dead-lettered', async () => {
    const stream = uuidv7();
    await ledger.remember(
      group,
      eventOf(stream, 2, {}),
      { topic, partition: 0, offset: '99' },
      'test',
    );
    const third = eventOf(stream, 3, { name: '第三个版本' });
    // Version 1 applied, version 2 dead-lettered: 3 applies over 2. Version 5 does not apply over 4.
    await applyOnce(cards, stream, { stream, sequence: 1 }, { $set: { name: '第一' } });
    const over = ledger.of(group);
    const apply = (event: CloudEvent) => () =>
      applyOnce(cards, stream, { stream, sequence: event.sequence }, { $set: { name: 'x' } }).then(
        () => undefined,
      );
    const gapOf = async (event: CloudEvent) =>
      applyOnce(cards, stream, { stream, sequence: event.sequence }, {}).catch(
        (error: unknown) => error,
      );
    expect(await over.retryOverGaps(third, await gapOf(third), apply(third))).toBe(true);
    const fifth = eventOf(stream, 5, {});
    expect(await over.retryOverGaps(fifth, await gapOf(fifth), apply(fifth))).toBe(false);
    expect((await cards.findOne({ _id: stream }))!.applied).toEqual({ [stream]: 3 });
  });
});
