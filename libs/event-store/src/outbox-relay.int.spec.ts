import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { customerRegistered, eventRegistry } from '@crm/contracts';
import { ensureTopics, KafkaPublisher } from '@crm/messaging';
import { TopicTap, uniqueSuffix } from '@crm/testing';
import { MongoEventStore } from './mongo-event-store';
import { OutboxRelay } from './outbox-relay';

const silent = { info: () => undefined, error: () => undefined };

describe('OutboxRelay (real database and broker)', () => {
  const suffix = uniqueSuffix();
  const topic = `test.outbox.${suffix}`;
  const kafka = new Kafka({
    clientId: `outbox-test-${suffix}`,
    brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
  let client: MongoClient;
  let db: Db;
  let store: MongoEventStore;
  let publisher: KafkaPublisher;
  let tap: TopicTap;

  const relay = (instanceId: string) =>
    new OutboxRelay(db, {
      context: 'customers',
      topic,
      publisher,
      instanceId,
      logger: silent,
      batchSize: 100,
      pollIntervalMs: 20,
      leaseMs: 60_000,
    });

  const register = (stream: string, expectedVersion: number) =>
    store.append(
      stream,
      expectedVersion,
      [{ type: 'CustomerRegistered', data: { ...customerRegistered.example, customerId: stream } }],
      { actorId: 'test', correlationId: 'c', causationId: 'c', customerId: stream },
    );

  beforeAll(async () => {
    await ensureTopics(kafka, [topic], { partitions: 3, replicationFactor: 1 });
    client = await MongoClient.connect(process.env['MONGODB_URI']!);
    db = client.db(`test_outbox_${suffix}`);
    store = new MongoEventStore(db, {
      context: 'customers',
      registry: eventRegistry,
      newId: uuidv7,
    });
    await store.ensureIndexes();
    publisher = new KafkaPublisher(kafka);
    tap = await new TopicTap(topic, kafka).open();
  });

  afterAll(async () => {
    await tap.close();
    await publisher.disconnect();
    await db.dropDatabase();
    await client.close();
  });

  it('publishes every pending commit once, each stream in version order, keyed by customer', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    for (let version = 0; version < 3; version += 1) await register(a, version);
    for (let version = 0; version < 2; version += 1) await register(b, version);

    const first = relay('relay-1');
    expect(await first.drainOnce()).toBe(5);
    expect(await first.drainOnce()).toBe(0);

    const records = await tap.waitFor(
      (record) => [a, b].includes(String(record.value['subject'])),
      {
        count: 5,
      },
    );
    const sequencesOf = (stream: string) =>
      records.filter((record) => record.key === stream).map((record) => record.value['sequence']);
    expect(sequencesOf(a)).toEqual([1, 2, 3]);
    expect(sequencesOf(b)).toEqual([1, 2]);
    expect(await db.collection('event_commits').countDocuments({ published: false })).toBe(0);
    await first.stop();
  });

  it('lets only the lease holder publish, and hands over when it stops', async () => {
    const holder = relay('relay-holder');
    const other = relay('relay-other');
    const stream = uuidv7();
    await register(stream, 0);
    expect(await holder.drainOnce()).toBe(1);

    await register(stream, 1);
    expect(await other.drainOnce()).toBe(0);
    // Stopping publishes what is pending, then gives the lease up.
    await holder.stop();
    await register(stream, 2);
    expect(await other.drainOnce()).toBe(1);
    await other.stop();
    const records = await tap.waitFor((record) => record.key === stream, { count: 3 });
    expect(records.map((record) => record.value['sequence'])).toEqual([1, 2, 3]);
  });

  it('renews its lease once per half lease, not on every pass', async () => {
    const busy = relay('relay-busy');
    const lease = () =>
      db.collection<{ _id: string; until: Date }>('event_leases').findOne({
        _id: 'outbox-relay:customers',
      });
    const stream = uuidv7();
    await register(stream, 0);
    expect(await busy.drainOnce()).toBe(1);
    const taken = await lease();
    for (let version = 1; version <= 3; version += 1) {
      await register(stream, version);
      expect(await busy.drainOnce()).toBe(1);
    }
    // Three more passes within the first half of a 60 s lease: the lease document was not written.
    expect(await lease()).toEqual(taken);
    await busy.stop();
    expect(await lease()).toBeNull();
    const records = await tap.waitFor((record) => record.key === stream, { count: 4 });
    expect(records.map((record) => record.value['sequence'])).toEqual([1, 2, 3, 4]);
  });

  it('publishes a backlog larger than one batch in chunks, and what a dead pass had claimed', async () => {
    const small = new OutboxRelay(db, {
      context: 'customers',
      topic,
      publisher,
      instanceId: 'relay-small',
      logger: silent,
      batchSize: 2,
      pollIntervalMs: 20,
      leaseMs: 60_000,
    });
    const stream = uuidv7();
    for (let version = 0; version < 5; version += 1) await register(stream, version);
    // A pass of an instance that died after claiming the first two commits, before publishing them.
    const dead = 'dead-instance:pass';
    await db
      .collection('event_outbox_passes')
      .insertOne({ _id: dead as never, context: 'customers', openedAt: new Date() });
    const firstTwo = await db
      .collection('event_commits')
      .find({ stream })
      .sort({ from: 1 })
      .limit(2)
      .toArray();
    for (const commit of firstTwo) {
      await db
        .collection('event_commits')
        .updateOne({ _id: commit._id }, { $set: { published: dead } });
    }
    expect(await small.drainOnce()).toBe(5);
    expect(await small.drainOnce()).toBe(0);
    await small.stop();
    const records = await tap.waitFor((record) => record.key === stream, { count: 5 });
    expect(records.map((record) => record.value['sequence'])).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps running: a started relay publishes what is appended later', async () => {
    const running = relay('relay-running');
    running.start();
    const stream = uuidv7();
    await register(stream, 0);
    running.nudge();
    await tap.waitFor((record) => record.key === stream);
    await running.stop();
  });

  it('is woken by the appends of its event store: nothing waits for the (here ten-minute) poll', async () => {
    const woken = new OutboxRelay(db, {
      context: 'customers',
      topic,
      publisher,
      instanceId: 'relay-woken',
      logger: silent,
      batchSize: 100,
      pollIntervalMs: 600_000,
      leaseMs: 60_000,
      wakeOn: store,
    });
    woken.start();
    // Many streams appended concurrently, so appends land before, during and after passes.
    const streams = Array.from({ length: 40 }, () => uuidv7());
    const name = '杭州莲花贸易有限公司（华东区）';
    for (let version = 0; version < 3; version += 1) {
      await Promise.all(
        streams.map((stream) =>
          store.append(
            stream,
            version,
            [
              {
                type: 'CustomerRegistered',
                data: {
                  ...customerRegistered.example,
                  customerId: stream,
                  name: `${name} ${version}`,
                },
              },
            ],
            { actorId: 'test', correlationId: 'c', causationId: 'c', customerId: stream },
          ),
        ),
      );
    }
    const records = await tap.waitFor((record) => streams.includes(String(record.key)), {
      count: streams.length * 3,
      timeoutMs: 60_000,
    });
    for (const stream of streams) {
      expect(
        records.filter((record) => record.key === stream).map((record) => record.value['sequence']),
      ).toEqual([1, 2, 3]);
    }
    expect(await db.collection('event_commits').countDocuments({ published: false })).toBe(0);
    await woken.stop();
    // Stopped, it publishes nothing more: a later append stays pending for whoever relays next.
    const later = uuidv7();
    await register(later, 0);
    expect(
      await db.collection('event_commits').countDocuments({ stream: later, published: false }),
    ).toBe(1);
  });
});
