import { MongoClient, type Db } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry, customerRegistered } from '@crm/contracts';
import { uniqueSuffix } from '@crm/testing';
import { EventStoreError, EventStoreErrorCode } from './event-store.errors';
import { MongoEventStore } from './mongo-event-store';

const registered = (customerId: string) => ({
  type: 'CustomerRegistered',
  data: { ...customerRegistered.example, customerId },
});
const meta = { actorId: 'test', correlationId: 'corr', causationId: 'cause' };

describe('MongoEventStore (real database)', () => {
  let client: MongoClient;
  let db: Db;
  let store: MongoEventStore;

  beforeAll(async () => {
    client = await MongoClient.connect(process.env['MONGODB_URI']!);
    db = client.db(`test_event_store_${uniqueSuffix()}`);
    store = new MongoEventStore(db, {
      context: 'customers',
      registry: eventRegistry,
      newId: uuidv7,
    });
    await store.ensureIndexes();
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('appends to a new stream and loads it back with gap-free sequences', async () => {
    const stream = uuidv7();
    const result = await store.append(stream, 0, [registered(stream)], meta);
    expect(result).toMatchObject({ fromVersion: 1, toVersion: 1, replayed: false });
    const second = await store.append(stream, 1, [registered(stream), registered(stream)], meta);
    expect(second).toMatchObject({ fromVersion: 2, toVersion: 3 });
    const loaded = await store.load(stream);
    expect(loaded.version).toBe(3);
    expect(loaded.events.map((event) => event.sequence)).toEqual([1, 2, 3]);
    expect(new Set(loaded.events.map((event) => event.id)).size).toBe(3);
  });

  it('loads every stream with a prefix in one read, each in version order, and no other', async () => {
    const prefix = `组-${uuidv7()}-`;
    const [first, second] = [`${prefix}甲`, `${prefix}乙`];
    await store.append(first, 0, [registered(first)], meta);
    await store.append(second, 0, [registered(second), registered(second)], meta);
    await store.append(first, 1, [registered(first)], meta);
    await store.append(first, 2, [registered(first)], meta);
    // Names that sort next to the prefix but do not start with it.
    await store.append(prefix.slice(0, -1), 0, [registered(prefix)], meta);
    await store.append(`${prefix.slice(0, -1)}.`, 0, [registered(prefix)], meta);
    const loaded = await store.loadPrefixed(prefix);
    expect(
      [...loaded]
        .sort((a, b) => (a.stream < b.stream ? -1 : 1))
        .map(({ stream, version, events }) => [stream, version, events.map((e) => e.sequence)]),
    ).toEqual([
      // 乙 (U+4E59) sorts before 甲 (U+7532).
      [second, 2, [1, 2]],
      [first, 3, [1, 2, 3]],
    ]);
    expect(loaded.find((one) => one.stream === first)).toEqual(await store.load(first));
  });

  it('lets exactly one of 20 concurrent appends with the same expected version win', async () => {
    const stream = uuidv7();
    await store.append(stream, 0, [registered(stream)], meta);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => store.append(stream, 1, [registered(stream)], meta)),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const conflicts = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as EventStoreError] : [],
    );
    expect(won).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    for (const conflict of conflicts) {
      expect(conflict).toBeInstanceOf(EventStoreError);
      expect(conflict.code).toBe(EventStoreErrorCode.StreamVersionConflict);
      expect(conflict.details).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    }
    const loaded = await store.load(stream);
    expect(loaded.events.map((event) => event.sequence)).toEqual([1, 2]);
  });

  it('refuses a stale expected version and reports the actual one', async () => {
    const stream = uuidv7();
    await store.append(stream, 0, [registered(stream)], meta);
    await store.append(stream, 1, [registered(stream)], meta);
    await expect(store.append(stream, 1, [registered(stream)], meta)).rejects.toMatchObject({
      code: EventStoreErrorCode.StreamVersionConflict,
      details: { actualVersion: 2 },
    });
  });

  it('returns the first commit for a repeated idempotency key and writes nothing new', async () => {
    const first = uuidv7();
    const key = `key-${uniqueSuffix()}`;
    const original = await store.append(first, 0, [registered(first)], {
      ...meta,
      idempotencyKey: key,
    });
    const other = uuidv7();
    const repeat = await store.append(other, 0, [registered(other)], {
      ...meta,
      idempotencyKey: key,
    });
    expect(repeat.replayed).toBe(true);
    expect(repeat.events.map((event) => event.id)).toEqual(
      original.events.map((event) => event.id),
    );
    expect((await store.load(other)).version).toBe(0);
  });

  it('validates event data against the contract before storing it', async () => {
    const stream = uuidv7();
    await expect(
      store.append(stream, 0, [{ type: 'CustomerRegistered', data: { customerId: stream } }], meta),
    ).rejects.toThrow(/does not match/);
    expect((await store.load(stream)).version).toBe(0);
  });
});
