import { MongoClient, type Db } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { customerRegistered, eventRegistry } from '@crm/contracts';
import { ensureTopics, KafkaPublisher } from '@crm/messaging';
import { testKafka, TopicTap, uniqueSuffix } from '@crm/testing';
import { COMMITS_COLLECTION, pageOf, type CommitDocument } from './commit.document';
import type { OutboundRecord } from './cloud-event.mapper';
import { MongoEventStore } from './mongo-event-store';
import {
  OutboxRelay,
  unpublishedCommits,
  type EventPublisher,
  type OutboxRelayOptions,
} from './outbox-relay';

const silent = { info: () => undefined, error: () => undefined };

/**
 * `db` with the reads of one collection counted: each `find` or `findOne` call on it is handed to
 * `seen` (the method, then its arguments) before it runs.
 */
function countingReads(
  db: Db,
  collection: string,
  seen: (method: 'find' | 'findOne', args: unknown[]) => void,
): Db {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'collection') return Reflect.get(target, property, receiver) as unknown;
      return (name: string) => {
        const inner = target.collection(name);
        if (name !== collection) return inner;
        return new Proxy(inner, {
          get(object, key, objectReceiver) {
            const value = Reflect.get(object, key, objectReceiver) as unknown;
            if (key !== 'find' && key !== 'findOne') return value;
            return (...args: unknown[]) => {
              seen(key, args);
              return (value as (...a: unknown[]) => unknown).apply(object, args);
            };
          },
        });
      };
    },
  });
}

describe('OutboxRelay (real database and broker)', () => {
  const suffix = uniqueSuffix();
  const topic = `test.outbox.${suffix}`;
  const kafka = testKafka(`outbox-test-${suffix}`);
  let client: MongoClient;
  let db: Db;
  let store: MongoEventStore;
  let publisher: KafkaPublisher;
  let tap: TopicTap;

  /** A relay of the customers store in `on` (the suite's database unless a test wraps it). */
  const relay = (
    instanceId: string,
    options: Partial<ConstructorParameters<typeof OutboxRelay>[1]> = {},
    on: Db = db,
  ) =>
    new OutboxRelay(on, {
      context: 'customers',
      topic,
      publisher,
      instanceId,
      logger: silent,
      batchSize: 100,
      pollIntervalMs: 20,
      leaseMs: 60_000,
      ...options,
    });
  const unpublished = () => unpublishedCommits(db, 'customers');
  /** Each stream's sequences as first received (a copy of a record already received is skipped). */
  const firstSequences = (
    records: readonly { key: string | null; value: Record<string, unknown> }[],
  ) => {
    const seen = new Set<unknown>();
    const byStream = new Map<string, unknown[]>();
    for (const record of records) {
      if (seen.has(record.value['id'])) continue;
      seen.add(record.value['id']);
      byStream.set(String(record.key), [
        ...(byStream.get(String(record.key)) ?? []),
        record.value['sequence'],
      ]);
    }
    return byStream;
  };

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
    expect(await unpublished()).toBe(0);
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

  it('publishes a backlog larger than one batch one batch per pass, each with one checkpoint write', async () => {
    const small = relay('relay-small', { batchSize: 2 });
    const stream = uuidv7();
    for (let version = 0; version < 5; version += 1) await register(stream, version);
    expect(await small.drainOnce()).toBe(2);
    expect(await unpublished()).toBe(3);
    expect(await small.drainAll()).toBe(3);
    expect(await small.drainOnce()).toBe(0);
    await small.stop();
    const records = await tap.waitFor((record) => record.key === stream, { count: 5 });
    expect(records.map((record) => record.value['sequence'])).toEqual([1, 2, 3, 4, 5]);
  });

  it('publishes what was pending before positions existed (ADR 7 commits), once, when it takes the lease', async () => {
    // A collection of its own: its commits lose their positions, which must leave no hole behind.
    const collection = `legacy_commits_${suffix}`;
    const legacyStore = new MongoEventStore(db, {
      context: 'customers',
      registry: eventRegistry,
      newId: uuidv7,
      collection,
    });
    const stream = uuidv7();
    for (let version = 0; version < 4; version += 1) {
      await legacyStore.append(
        stream,
        version,
        [
          {
            type: 'CustomerRegistered',
            data: { ...customerRegistered.example, customerId: stream },
          },
        ],
        { actorId: 'test', correlationId: 'c', causationId: 'c', customerId: stream },
      );
    }
    // As the relay of ADR 7 left them: no position, the first two claimed by a pass that died.
    const commits = db.collection<CommitDocument>(collection);
    const dead = 'dead-instance:pass';
    await db
      .collection('event_outbox_passes')
      .insertOne({ _id: dead as never, context: 'customers' });
    for (const commit of await commits.find({ stream }).toArray()) {
      await commits.updateOne(
        { _id: commit._id },
        {
          $unset: { position: '', page: '' },
          $set: { published: commit.from <= 2 ? dead : false },
        },
      );
    }
    const taker = relay('relay-taker', { collection });
    expect(await taker.drainAll()).toBe(4);
    expect(await taker.drainOnce()).toBe(0);
    expect(await unpublishedCommits(db, 'customers', collection)).toBe(0);
    expect(await db.collection('event_outbox_passes').countDocuments()).toBe(0);
    await taker.stop();
    const records = await tap.waitFor((record) => record.key === stream, { count: 4 });
    expect(records.map((record) => record.value['sequence'])).toEqual([1, 2, 3, 4]);
  });

  it('republishes a batch whose checkpoint was never written (a crash after the broker acknowledged)', async () => {
    const stream = uuidv7();
    for (let version = 0; version < 3; version += 1) await register(stream, version);
    // The broker acknowledges, then the process "dies" before it writes the checkpoint.
    const crashing: EventPublisher = {
      publish: async (target: string, records: readonly OutboundRecord[]) => {
        await publisher.publish(target, records);
        throw new Error('killed after the broker acknowledged');
      },
    };
    const dying = relay('relay-dying', { publisher: crashing, leaseMs: 1 });
    await expect(dying.drainOnce()).rejects.toThrow('killed');
    expect(await unpublished()).toBe(3);
    const next = relay('relay-next');
    expect(await next.drainAll()).toBe(3);
    expect(await unpublished()).toBe(0);
    await next.stop();
    const records = await tap.waitFor((record) => record.key === stream, { count: 6 });
    // Every event twice, in order each time: at least once, never lost.
    expect(records.map((record) => record.value['sequence'])).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('moves past a position whose appender died, and a late appender takes another', async () => {
    const stream = uuidv7();
    await register(stream, 0);
    const commits = db.collection<CommitDocument>(COMMITS_COLLECTION);
    // A commit stored two positions on: the position between was taken by an appender that died.
    const other = uuidv7();
    await register(other, 0);
    const skipped = (await commits.findOne({ stream: other }))!.position!;
    await commits.updateOne(
      { stream: other },
      { $set: { position: skipped + 1, page: pageOf(skipped + 1) } },
    );
    const patient = relay('relay-patient', { holeMs: 300 });
    // Before holeMs it waits for the empty position (its appender may only be slow)...
    expect(await patient.drainOnce()).toBe(1);
    expect(await unpublished()).toBe(1);
    // ...then fills it with a placeholder and publishes what follows.
    expect(await patient.drainAll()).toBe(1);
    expect(await unpublished()).toBe(0);
    const placeholder = await commits.findOne({ position: skipped });
    expect(placeholder?.events).toEqual([]);
    // The store's next position is taken (by the moved commit): the append takes the next free one.
    await register(stream, 1);
    const late = (await commits.findOne({ stream, from: 2 }))!.position!;
    expect(late).toBeGreaterThan(skipped + 1);
    expect(await patient.drainAll()).toBe(1);
    await patient.stop();
    const records = await tap.waitFor((record) => [stream, other].includes(String(record.key)), {
      count: 3,
    });
    expect(firstSequences(records).get(stream)).toEqual([1, 2]);
    expect(firstSequences(records).get(other)).toEqual([1]);
  });

  it('publishes every event exactly once, each stream in order, while appends run concurrently', async () => {
    const running = relay('relay-concurrent', { wakeOn: store, batchSize: 50 });
    running.start();
    const streams = Array.from({ length: 30 }, () => uuidv7());
    const versions = 5;
    // Each stream appended by its own chain; chains race each other and the relay's passes.
    await Promise.all(
      streams.map(async (stream) => {
        for (let version = 0; version < versions; version += 1) await register(stream, version);
      }),
    );
    const records = await tap.waitFor((record) => streams.includes(String(record.key)), {
      count: streams.length * versions,
      timeoutMs: 60_000,
    });
    await running.stop();
    // A copy would have arrived by now (stop drains): exactly once means none did.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = tap.records.filter((record) => streams.includes(String(record.key)));
    expect(new Set(all.map((record) => record.value['id'])).size).toBe(streams.length * versions);
    expect(all).toHaveLength(streams.length * versions);
    for (const stream of streams) {
      expect(
        records.filter((record) => record.key === stream).map((record) => record.value['sequence']),
      ).toEqual([1, 2, 3, 4, 5]);
    }
    expect(await unpublished()).toBe(0);
  });

  it('loses nothing when two relays publish at once (each retakes an expired lease every pass)', async () => {
    const first = relay('relay-twin-1', { wakeOn: store, leaseMs: 1, batchSize: 7, holeMs: 100 });
    const second = relay('relay-twin-2', { wakeOn: store, leaseMs: 1, batchSize: 5, holeMs: 100 });
    first.start();
    second.start();
    const streams = Array.from({ length: 20 }, () => uuidv7());
    await Promise.all(
      streams.map(async (stream) => {
        for (let version = 0; version < 4; version += 1) await register(stream, version);
      }),
    );
    await first.stop();
    await second.stop();
    expect(await unpublished()).toBe(0);
    const records = await tap.waitFor((record) => streams.includes(String(record.key)), {
      count: streams.length * 4,
      timeoutMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const received = firstSequences(
      tap.records.filter((record) => streams.includes(String(record.key))),
    );
    expect(records.length).toBeGreaterThanOrEqual(streams.length * 4);
    for (const stream of streams) expect(received.get(stream)).toEqual([1, 2, 3, 4]);
  }, 180_000);

  it('keeps running: a started relay publishes what is appended later', async () => {
    const running = relay('relay-running');
    running.start();
    const stream = uuidv7();
    await register(stream, 0);
    running.nudge();
    await tap.waitFor((record) => record.key === stream);
    await running.stop();
  });

  it('reads no commit while idle: each poll asks for the next position alone, a page once per holeMs', async () => {
    // The relay's reads of the commits, counted on the real collection.
    const reads = { pages: 0, probes: 0 };
    const counted = countingReads(db, COMMITS_COLLECTION, (method) => {
      if (method === 'find') reads.pages += 1;
      else reads.probes += 1;
    });
    const idle = new OutboxRelay(counted, {
      context: 'customers',
      topic,
      publisher,
      instanceId: 'relay-idle',
      logger: silent,
      batchSize: 100,
      pollIntervalMs: 20,
      leaseMs: 60_000,
      holeMs: 1_000,
    });
    const stream = uuidv7();
    await register(stream, 0);
    idle.start();
    await tap.waitFor((record) => record.key === stream);
    while ((await unpublished()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    // Two seconds of nothing to publish: about a hundred polls of 20 ms.
    reads.pages = 0;
    reads.probes = 0;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await idle.stop();
    expect(reads.probes).toBeGreaterThan(20);
    // One page per holeMs (the look for holes of other appenders), and one when it stops.
    expect(reads.pages).toBeLessThanOrEqual(4);
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
    expect(await unpublished()).toBe(0);
    await woken.stop();
    // Stopped, it publishes nothing more: a later append stays pending for whoever relays next.
    const later = uuidv7();
    await register(later, 0);
    expect(await unpublished()).toBe(1);
  });

  describe('reading ahead (a collection of its own: positions from 1)', () => {
    /** A store on its own commits collection, and a database whose `find`s on it are counted. */
    const isolated = async (name: string) => {
      const collection = `${name}_${suffix}`;
      const own = new MongoEventStore(db, {
        context: 'customers',
        registry: eventRegistry,
        newId: uuidv7,
        collection,
      });
      await own.ensureIndexes();
      const finds: unknown[] = [];
      const counted = countingReads(db, collection, (method, args) => {
        if (method === 'find') finds.push(args[0]);
      });
      const append = (stream: string, version: number) =>
        own.append(
          stream,
          version,
          [
            {
              type: 'CustomerRegistered',
              data: { ...customerRegistered.example, customerId: stream, name: `杭州 ${version}` },
            },
          ],
          { actorId: 'test', correlationId: 'c', causationId: 'c', customerId: stream },
        );
      const relayOn = (instanceId: string, options: Partial<OutboxRelayOptions>) =>
        relay(instanceId, { collection, ...options }, counted);
      return {
        append,
        relayOn,
        finds,
        unpublished: () => unpublishedCommits(db, 'customers', collection),
      };
    };

    it('reads each page of a backlog once, the rest of a page a batch ended in included', async () => {
      const backlog = await isolated('backlog_commits');
      // 300 positions: page 0 holds 1-255, page 1 holds 256-300; three batches of 100.
      const streams = Array.from({ length: 30 }, () => uuidv7());
      await Promise.all(
        streams.map(async (stream) => {
          for (let version = 0; version < 10; version += 1) await backlog.append(stream, version);
        }),
      );
      // No hole here: a minute of holeMs keeps the end of the backlog a probe of one position.
      const relayOf = backlog.relayOn('relay-backlog', { holeMs: 60_000 });
      try {
        expect(await relayOf.drainAll()).toBe(300);
        const pageReads = backlog.finds.filter((filter) => Object.hasOwn(filter as object, 'page'));
        // Each page once. Reading again the page each batch began in made it [0, 0, 0, 1].
        expect(pageReads).toEqual([{ page: 0 }, { page: 1 }]);
      } finally {
        await relayOf.stop();
      }
      expect(await backlog.unpublished()).toBe(0);
      const records = await tap.waitFor((record) => streams.includes(String(record.key)), {
        count: 300,
        timeoutMs: 60_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(tap.records.filter((record) => streams.includes(String(record.key)))).toHaveLength(
        300,
      );
      const ten = Array.from({ length: 10 }, (_, index) => index + 1);
      for (const stream of streams) {
        expect(
          records
            .filter((record) => record.key === stream)
            .map((record) => record.value['sequence']),
        ).toEqual(ten);
      }
    }, 120_000);

    it('takes from a page read ahead only what it held: a position stored after the read is read again', async () => {
      const late = await isolated('late_commits');
      const stream = uuidv7();
      for (let version = 0; version < 3; version += 1) await late.append(stream, version);
      // Batches of one: after the first, positions 2 and 3 come from the page read ahead.
      const relayOf = late.relayOn('relay-late', { batchSize: 1 });
      try {
        expect(await relayOf.drainOnce()).toBe(1);
        expect(await relayOf.drainOnce()).toBe(1);
        // Position 4 is stored after page 0 was read without it.
        await late.append(stream, 3);
        expect(await relayOf.drainAll()).toBe(2);
        expect(await late.unpublished()).toBe(0);
      } finally {
        await relayOf.stop();
      }
      const records = await tap.waitFor((record) => record.key === stream, { count: 4 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(records.map((record) => record.value['sequence'])).toEqual([1, 2, 3, 4]);
      expect(tap.records.filter((record) => record.key === stream)).toHaveLength(4);
    });

    it('loses nothing when a publish fails while the next batch is read: the next pass starts again from the checkpoint', async () => {
      const failing = await isolated('failing_commits');
      const stream = uuidv7();
      for (let version = 0; version < 6; version += 1) await failing.append(stream, version);
      let calls = 0;
      // The second publish gets its first record to the broker, then the connection breaks.
      const flaky: EventPublisher = {
        publish: async (target: string, records: readonly OutboundRecord[]) => {
          calls += 1;
          if (calls !== 2) return publisher.publish(target, records);
          await publisher.publish(target, records.slice(0, 1));
          throw new Error('broker connection lost');
        },
      };
      const relayOf = failing.relayOn('relay-flaky', { batchSize: 2, publisher: flaky });
      try {
        expect(await relayOf.drainOnce()).toBe(2);
        // Batch 3-4 fails while batch 5-6 is being read ahead.
        await expect(relayOf.drainOnce()).rejects.toThrow('broker connection lost');
        expect(await failing.unpublished()).toBe(4);
        expect(await relayOf.drainAll()).toBe(4);
        expect(await failing.unpublished()).toBe(0);
      } finally {
        await relayOf.stop();
      }
      const records = await tap.waitFor((record) => record.key === stream, { count: 7 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Sequence 3 twice (sent before the failure, then again from the checkpoint); none lost.
      expect(records.map((record) => record.value['sequence'])).toEqual([1, 2, 3, 3, 4, 5, 6]);
      expect(tap.records.filter((record) => record.key === stream)).toHaveLength(7);
    });
  });
});
