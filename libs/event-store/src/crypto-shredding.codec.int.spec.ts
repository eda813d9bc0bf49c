import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import {
  contactAdded,
  contactUpdated,
  customerMerged,
  customerPersonalFields,
  customerProfileUpdated,
  customerRegistered,
  eventRegistry,
  ERASED_TEXT,
  purchaseRecorded,
} from '@crm/contracts';
import { uniqueSuffix } from '@crm/testing';
import { COMMITS_COLLECTION } from './commit.document';
import { CryptoShreddingCodec, openSealed, SEALED_FIELD } from './crypto-shredding.codec';
import type { OutboundRecord } from './cloud-event.mapper';
import { MongoEventStore } from './mongo-event-store';
import { OutboxRelay } from './outbox-relay';

const meta = (customerId: string) => ({
  actorId: 'test',
  correlationId: 'corr',
  causationId: 'cause',
  customerId,
});

const NAME = 'Zhejiang Shredding Test Works';
const PHONE = '+86 571 1234 5678';
const EMAIL = 'secret.buyer@example.cn';

describe('CryptoShreddingCodec with MongoEventStore (real database)', () => {
  let client: MongoClient;
  let db: Db;
  let codec: CryptoShreddingCodec;
  let store: MongoEventStore;

  beforeAll(async () => {
    client = await MongoClient.connect(process.env['MONGODB_URI']!);
    db = client.db(`test_shredding_${uniqueSuffix()}`);
    codec = new CryptoShreddingCodec(db, {
      context: 'customers',
      collection: 'data_keys',
      fields: customerPersonalFields,
    });
    store = new MongoEventStore(db, {
      context: 'customers',
      registry: eventRegistry,
      newId: uuidv7,
      codec,
    });
    await store.ensureIndexes();
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  const everyEvent = (customerId: string) => [
    {
      type: 'CustomerRegistered',
      data: { ...customerRegistered.example, customerId, name: NAME, phone: PHONE, email: EMAIL },
    },
    {
      type: 'CustomerProfileUpdated',
      data: {
        ...customerProfileUpdated.example,
        customerId,
        changes: { email: EMAIL, city: 'Ningbo' },
      },
    },
    {
      type: 'ContactAdded',
      data: {
        ...contactAdded.example,
        customerId,
        contact: { ...contactAdded.example.contact, phone: PHONE, email: EMAIL },
      },
    },
    {
      type: 'ContactUpdated',
      data: { ...contactUpdated.example, customerId, changes: { name: NAME, optedOut: true } },
    },
    { type: 'CustomerMerged', data: { ...customerMerged.example, customerId } },
    { type: 'PurchaseRecorded', data: { ...purchaseRecorded.example, customerId } },
  ];

  const rawCommits = (stream: string) =>
    db.collection(COMMITS_COLLECTION).find({ stream }).toArray();

  it('stores personal fields sealed, and loads and replays them in clear while the key exists', async () => {
    const customerId = uuidv7();
    const events = everyEvent(customerId);
    const appended = await store.append(customerId, 0, events, meta(customerId));
    expect(appended.events.map((e) => e.data)).toEqual(events.map((e) => e.data));

    const raw = JSON.stringify(await rawCommits(customerId));
    for (const secret of [NAME, PHONE, EMAIL, 'Wang Li', 'wangli_hz', '1980-05-17', 'Li Na']) {
      expect(raw).not.toContain(secret);
    }
    // What is not personal stays in clear: purchases count without any key.
    expect(raw).toContain(purchaseRecorded.example.orderReference);
    expect(raw).toContain(SEALED_FIELD);

    const loaded = await store.load(customerId);
    expect(loaded.events.map((e) => e.data)).toEqual(events.map((e) => e.data));

    // An idempotent replay answers the first commit's events, decoded.
    const keyed = { ...meta(customerId), idempotencyKey: `idem-${customerId}` };
    await store.append(customerId, loaded.version, events.slice(0, 1), keyed);
    const replay = await store.append(customerId, loaded.version, events.slice(0, 1), keyed);
    expect(replay.replayed).toBe(true);
    expect(replay.events[0]!.data).toEqual(events[0]!.data);
  });

  it('after shredding, reads every sealed field as redacted in a shape that matches the public schema', async () => {
    const customerId = uuidv7();
    const events = everyEvent(customerId);
    await store.append(customerId, 0, events, meta(customerId));
    await codec.shred(customerId);
    await codec.shred(customerId); // idempotent
    expect(await codec.isShredded(customerId)).toBe(true);

    const loaded = await store.load(customerId);
    const text = JSON.stringify(loaded.events);
    for (const secret of [NAME, PHONE, EMAIL, 'Wang Li', 'Li Na'])
      expect(text).not.toContain(secret);
    for (const event of loaded.events) {
      expect(() =>
        eventRegistry.validateData(eventRegistry.typeOf('customers', event.type), event.data),
      ).not.toThrow();
    }
    const [registered, updated, added, contactChange, merged, purchase] = loaded.events.map(
      (e) => e.data,
    );
    expect(registered).toMatchObject({ name: ERASED_TEXT, region: 'east' });
    expect(registered).not.toHaveProperty('phone');
    expect(updated).toMatchObject({ changes: { city: 'Ningbo' } });
    expect(updated!['changes']).not.toHaveProperty('email');
    expect(added).toMatchObject({ contact: { name: ERASED_TEXT, buyingRole: 'decider' } });
    expect(contactChange).toMatchObject({ changes: { name: ERASED_TEXT, optedOut: true } });
    expect(merged).toMatchObject({
      carried: { contacts: [], revenue: { minor: '500000', currency: 'CNY' } },
    });
    expect(purchase).toEqual({ ...purchaseRecorded.example, customerId });

    // An event appended after the shred is stored redacted: no new key is made.
    await store.append(customerId, loaded.version, [events[0]!], meta(customerId));
    const raw = JSON.stringify(await rawCommits(customerId));
    expect(raw).not.toContain(NAME);
    expect(await codec.isShredded(customerId)).toBe(true);
  });

  it('binds a sealed value to its event: moved to another event it does not decrypt', async () => {
    const customerId = uuidv7();
    await store.append(customerId, 0, everyEvent(customerId).slice(0, 1), meta(customerId));
    const [commit] = await rawCommits(customerId);
    const stored = (commit!['events'] as { data: Record<string, unknown> }[])[0]!;
    const [decoded] = await codec.decode([
      {
        id: uuidv7(),
        stream: customerId,
        sequence: 1,
        type: 'CustomerRegistered',
        schemaVersion: 1,
        data: stored.data,
        occurredAt: new Date().toISOString(),
        customerId,
        correlationId: 'c',
        causationId: 'c',
        actorId: 'a',
      },
    ]);
    expect(decoded!.data['name']).toBe(ERASED_TEXT);
  });

  it('the outbox relay publishes sealed payloads (v2): opened with the key, placeholders once it is shredded', async () => {
    const kept = uuidv7();
    const erased = uuidv7();
    await store.append(kept, 0, everyEvent(kept).slice(0, 1), meta(kept));
    await store.append(erased, 0, everyEvent(erased).slice(0, 1), meta(erased));
    await codec.shred(erased);
    const published: OutboundRecord[] = [];
    const relay = new OutboxRelay(db, {
      context: 'customers',
      topic: 'unused',
      publisher: { publish: async (_topic, records) => void published.push(...records) },
      instanceId: `relay-${uuidv7()}`,
      logger: { info: () => undefined, error: () => undefined },
      batchSize: 500,
      pollIntervalMs: 20,
      leaseMs: 60_000,
      codec,
      toPublished: (event) => store.published(event),
    });
    while ((await relay.drainOnce()) > 0);
    const valueOf = (stream: string) =>
      JSON.parse(published.find((record) => record.key === stream)!.value) as {
        id: string;
        type: string;
        data: Record<string, unknown>;
      };
    // On the wire: placeholders beside the ciphertext and the id of the key that opens it.
    const wire = valueOf(kept);
    expect(wire.type).toBe('crm.customers.CustomerRegistered.v2');
    expect(wire.data).toMatchObject({ name: ERASED_TEXT, sealed: { kid: `customers/${kept}` } });
    for (const secret of [NAME, PHONE, EMAIL]) expect(JSON.stringify(wire)).not.toContain(secret);
    expect(openSealed(wire.id, wire.data, await codec.keyOf(kept))).toMatchObject({
      name: NAME,
      phone: PHONE,
      email: EMAIL,
    });
    // A wrong key (another customer's) opens nothing: the record's own id is its additional data.
    expect(openSealed(wire.id, wire.data, await codec.keyOf(erased))).toMatchObject({
      name: ERASED_TEXT,
    });
    // Shredded before it was published: no key, the placeholders are all there is.
    const gone = valueOf(erased);
    expect(await codec.keyOf(erased)).toBeNull();
    const opened = openSealed(gone.id, gone.data, null);
    expect(opened).toMatchObject({ name: ERASED_TEXT, region: 'east' });
    expect(opened).not.toHaveProperty('sealed');
    expect(JSON.stringify(gone)).not.toContain(PHONE);
  });

  it('reads each key by its id, never the whole key collection, however many subjects a batch spans', async () => {
    const subjects = Array.from({ length: 40 }, () => uuidv7());
    for (const subject of subjects)
      await store.append(subject, 0, everyEvent(subject).slice(0, 1), meta(subject));
    await codec.shred(subjects[0]!);

    const watched = await MongoClient.connect(process.env['MONGODB_URI']!, {
      monitorCommands: true,
    });
    const finds: CommandStartedEvent[] = [];
    watched.on('commandStarted', (event) => {
      if (event.commandName === 'find' && event.command['find'] === 'data_keys') finds.push(event);
    });
    try {
      const watchedCodec = new CryptoShreddingCodec(watched.db(db.databaseName), {
        context: 'customers',
        collection: 'data_keys',
        fields: customerPersonalFields,
      });
      const stored = await Promise.all(subjects.map((subject) => rawCommits(subject)));
      const events = stored.map(([commit], index) => {
        const event = (commit!['events'] as { id: string; data: Record<string, unknown> }[])[0]!;
        return {
          id: event.id,
          stream: subjects[index]!,
          sequence: 1,
          type: 'CustomerRegistered',
          schemaVersion: 1,
          data: event.data,
          occurredAt: new Date().toISOString(),
          customerId: subjects[index]!,
          correlationId: 'c',
          causationId: 'c',
          actorId: 'a',
        };
      });
      const decoded = await watchedCodec.decode(events);

      expect(decoded[0]!.data['name']).toBe(ERASED_TEXT);
      expect(decoded.slice(1).every((event) => event.data['name'] === NAME)).toBe(true);
      expect(finds).toHaveLength(subjects.length);
      for (const find of finds) expect(typeof find.command['filter']['_id']).toBe('string');
    } finally {
      await watched.close();
    }
  });
});
