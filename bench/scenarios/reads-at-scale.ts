import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { Db } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import {
  contactAdded,
  customerPersonalFields,
  customerRegistered,
  eventRegistry,
  purchaseRecorded,
} from '@crm/contracts';
import {
  COMMITS_COLLECTION,
  MongoEventStore,
  sealWithKey,
  type StoredEvent,
} from '@crm/event-store';
import { signToken, TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, TEST_JWT_SECRET } from '@crm/testing';
import { firstCollectionOf } from '@crm/projections';
import { CUSTOMER_360 } from '@apps/analytics/src/customer-360/infrastructure/customer-360.projection';
import { CUSTOMER_STATUS } from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';
import { AUDIT_LOG } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { CUSTOMER_CARDS } from '@apps/customers/src/customer/infrastructure/customer-card.schema';
import { CUSTOMER_DATA_KEYS } from '@apps/customers/src/customer/infrastructure/customer-data.codec';
import type { BenchContext } from '../context';
import { spawnService, type SpawnedService } from '../services';
import { measure, runConcurrently, type Measurement } from '../support';

/**
 * Scenario 10: reading one customer with few and with many customers in the databases. A card
 * read (`GET /customers/:id`: stream load, data key by id, figures, audit) and a 360 read
 * (`GET /analytics/customers/:id`) must cost the same with 1,000 and 100,000 customers (within
 * 1.5x): a scan of a collection would show here.
 *
 * The customers are restored, not registered: commit documents (sealed with their own data key,
 * as the codec stores them), the keys, the card read model and analytics' 360 and status read
 * models are written in bulk. The databases are kept between runs (`bench_reads_*_<count>`, with a
 * marker of the layout) so a second run measures at once; dropping them reseeds.
 */
const LAYOUT = 1;
const SEED_BATCH = 1_000;
const MARKER = 'bench_seed';

interface SeedMarker {
  _id: string;
  layout: number;
  customers: number;
  complete: boolean;
}

/** A purchase in the company currency: no exchange. */
const { exchange: _exchange, ...purchaseExample } = purchaseRecorded.example as Record<
  string,
  unknown
>;

/** Customer `index`'s id: a valid version-7 UUID, the same in every run. */
const customerIdAt = (index: number) =>
  `01900000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;

const databases = (count: number) => ({
  customers: `bench_reads_customers_${count}`,
  analytics: `bench_reads_analytics_${count}`,
});

const isSeeded = async (db: Db, count: number) => {
  const marker = await db.collection<SeedMarker>(MARKER).findOne({ _id: 'layout' });
  return marker?.layout === LAYOUT && marker?.customers === count && marker?.complete === true;
};

/** One customer's history: registration, a contact and one purchase far beyond 2^31 minor units. */
function historyOf(index: number, customerId: string): StoredEvent[] {
  const at = new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString();
  const metadata = {
    stream: customerId,
    occurredAt: at,
    customerId,
    correlationId: `bench-restore-${index}`,
    causationId: `bench-restore-${index}`,
    actorId: 'bench-restore',
  };
  const events: { type: string; data: Record<string, unknown> }[] = [
    {
      type: customerRegistered.name,
      data: {
        ...customerRegistered.example,
        customerId,
        name: `杭州莲花贸易有限公司 第${index}号`,
        code: `HZ-${index}`,
        region: ['east', 'north', 'south', 'west'][index % 4]!,
        ownerId: `rep-${index % 200}`,
        registeredAt: at,
        phone: `+86 571 ${String(index).padStart(8, '0')}`,
      },
    },
    {
      type: contactAdded.name,
      data: {
        ...contactAdded.example,
        customerId,
        contactId: uuidv7(),
        contact: { ...contactAdded.example.contact, name: `王丽 ${index}`, birthday: '1980-03-14' },
        addedAt: at,
      },
    },
    {
      type: purchaseRecorded.name,
      data: {
        ...purchaseExample,
        customerId,
        purchaseId: uuidv7(),
        amount: { minor: String(5_000_000_000_000 + index), currency: 'CNY' },
        booked: { minor: String(5_000_000_000_000 + index), currency: 'CNY' },
        occurredAt: at,
        orderReference: `SO-BENCH-${index}`,
      },
    },
  ];
  return events.map((event, position) => {
    const type = eventRegistry.typeOf('customers', event.type);
    return {
      ...metadata,
      id: uuidv7(),
      sequence: position + 1,
      type: event.type,
      schemaVersion: eventRegistry.current('customers', event.type).version,
      data: eventRegistry.validateData(type, event.data),
    };
  });
}

/** Writes `count` customers as a restore would: bulk inserts into every collection a read touches. */
async function seed(context: BenchContext, count: number): Promise<void> {
  const names = databases(count);
  const customers = context.mongo.db(names.customers);
  const analytics = context.mongo.db(names.analytics);
  if ((await isSeeded(customers, count)) && (await isSeeded(analytics, count))) {
    context.log(`reads: ${count} customers already seeded`);
    return;
  }
  await Promise.all([customers.dropDatabase(), analytics.dropDatabase()]);
  await new MongoEventStore(customers, {
    context: 'customers',
    registry: eventRegistry,
    newId: uuidv7,
  }).ensureIndexes();
  const started = performance.now();
  const batches = Math.ceil(count / SEED_BATCH);
  await runConcurrently(batches, 2, async (batch) => {
    const now = new Date();
    const commits = [];
    const keys = [];
    const cards = [];
    const views = [];
    const statuses = [];
    for (
      let index = batch * SEED_BATCH;
      index < Math.min(count, (batch + 1) * SEED_BATCH);
      index += 1
    ) {
      const customerId = customerIdAt(index);
      const key = randomBytes(32);
      const events = historyOf(index, customerId);
      const registered = events[0]!.data as {
        name: string;
        nature: string;
        region: string;
        ownerId: string;
      };
      const contact = events[1]!.data as { contactId: string; contact: { name: string } };
      const tier = (['A', 'B', 'C'] as const)[index % 3]!;
      const commitId = uuidv7();
      commits.push({
        _id: commitId,
        stream: customerId,
        from: 1,
        to: events.length,
        events: events.map((event) => sealWithKey(event, customerPersonalFields, key)),
        idem: commitId,
        // A pass id without its pass record: published (the relay leaves it alone).
        published: 'restored',
        createdAt: now,
      });
      keys.push({ _id: customerId, key: key.toString('base64'), createdAt: now });
      cards.push({
        _id: customerId,
        name: registered.name,
        nameKey: registered.name.toLowerCase(),
        code: `HZ-${index}`,
        codeKey: `hz-${index}`,
        nature: registered.nature,
        region: registered.region,
        ownerId: registered.ownerId,
        tier,
        lifecycle: 'active',
        contactNameById: { [contact.contactId]: contact.contact.name.toLowerCase() },
        contactNames: [contact.contact.name.toLowerCase()],
        registeredAt: now,
        updatedAt: now,
        applied: { [customerId]: events.length },
      });
      views.push({
        _id: customerId,
        profile: { ...registered, registeredAt: now },
        eventCount: events.length,
        updatedAt: now,
        projectedAt: now,
        applied: { [customerId]: events.length },
      });
      statuses.push({ _id: customerId, tier, lifecycle: 'active', alerts: 0 });
    }
    await Promise.all([
      customers.collection(COMMITS_COLLECTION).insertMany(commits as never[], { ordered: false }),
      customers.collection(CUSTOMER_DATA_KEYS).insertMany(keys as never[], { ordered: false }),
      customers.collection(CUSTOMER_CARDS).insertMany(cards as never[], { ordered: false }),
      analytics
        .collection(firstCollectionOf('analytics', CUSTOMER_360))
        .insertMany(views as never[], { ordered: false }),
      analytics
        .collection(firstCollectionOf('analytics', CUSTOMER_STATUS))
        .insertMany(statuses as never[], { ordered: false }),
    ]);
    if (batch % 10 === 9) context.log(`reads: seeded ${(batch + 1) * SEED_BATCH} of ${count}`);
  });
  for (const db of [customers, analytics]) {
    await db
      .collection<SeedMarker>(MARKER)
      .insertOne({ _id: 'layout', layout: LAYOUT, customers: count, complete: true });
  }
  context.log(
    `reads: seeded ${count} customers in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

interface ReadFigures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/** Reads one route for a while (16 connections); `path` is asked for each request. */
async function readFor(
  url: string,
  token: string,
  seconds: number,
  path: () => string,
): Promise<ReadFigures> {
  const result = await autocannon({
    url,
    connections: 16,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
        setupRequest: (request: autocannon.Request) => ({ ...request, path: path() }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

/** The seeded cards are owned round-robin by `rep-0` … `rep-199`: this rep owns 1 in 200. */
const REP = 'rep-7';

const routes = [
  {
    service: 'customers',
    route: '/customers/:id',
    caller: 'admin',
    path: (id: string) => `/customers/${id}`,
  },
  {
    service: 'customers',
    route: "/customers, a rep's first page",
    caller: 'rep',
    path: () => '/customers?limit=20',
  },
  {
    service: 'analytics',
    route: '/analytics/customers/:id',
    caller: 'admin',
    path: (id: string) => `/analytics/customers/${id}`,
  },
] as const;

export async function readsAtScale(context: BenchContext): Promise<Measurement[]> {
  const sizes = context.quick ? [1_000, 10_000] : [1_000, 100_000];
  const seconds = context.quick ? 3 : 10;
  const tokens = {
    admin: await signToken({ sub: 'bench', roles: ['admin'] }),
    rep: await signToken({ sub: REP, roles: ['sales_rep'] }),
  };
  const results: Measurement[] = [];
  const figures = new Map<string, ReadFigures>();
  for (const count of sizes) {
    await seed(context, count);
    const names = databases(count);
    // Every size starts with an empty audit log: the card read appends one entry per read.
    await context.mongo.db(names.customers).collection(AUDIT_LOG).deleteMany({});
    const env = (service: 'customers' | 'analytics') => ({
      MONGODB_DATABASE: names[service],
      CONSUMER_GROUP_PREFIX: `bench-${context.suffix}-${count}`,
      KAFKA_TOPIC_PREFIX: `bench-${context.suffix}.`,
      JWT_SECRET: TEST_JWT_SECRET,
      JWT_ISSUER: TEST_JWT_ISSUER,
      JWT_AUDIENCE: TEST_JWT_AUDIENCE,
      // One load generator is one client: the per-client limit would measure itself (429s).
      RATE_LIMIT_MAX: '0',
    });
    const services: SpawnedService[] = [];
    try {
      const spawned = new Map<string, SpawnedService>();
      for (const { service, route, caller, path } of routes) {
        if (!spawned.has(service)) {
          spawned.set(service, await spawnService(service, env(service)));
          services.push(spawned.get(service)!);
        }
        const { url } = spawned.get(service)!;
        const token = tokens[caller];
        const randomId = () => customerIdAt(Math.floor(Math.random() * count));
        const probe = await fetch(`${url}${path(randomId())}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (probe.status !== 200)
          throw new Error(`GET ${route} with ${count} customers answered ${probe.status}`);
        // A list that finds nothing would measure nothing: the rep owns 1 in 200 of the cards.
        const body = (await probe.json()) as { items?: unknown[] };
        if (body.items !== undefined && body.items.length === 0)
          throw new Error(`GET ${route} with ${count} customers listed nothing`);
        const baseline = await readFor(url, token, seconds, () => '/health/live');
        const ours = await readFor(url, token, seconds, () => path(randomId()));
        figures.set(`${route}@${count}`, ours);
        context.log(
          `reads ${route} with ${count}: p50 ${ours.p50} ms, ${ours.rps}/s (health ${baseline.p50} ms, ${baseline.rps}/s), errors ${ours.errors}`,
        );
        const label = `GET ${route}, ${count.toLocaleString('en-US')} customers`;
        results.push(
          measure(
            '10 reads at scale',
            `${label}: p50`,
            'ms',
            ours.p50,
            baseline.p50,
            'lower_is_better',
            {
              errors: ours.errors,
            },
          ),
          measure(
            '10 reads at scale',
            `${label}: p99`,
            'ms',
            ours.p99,
            baseline.p99,
            'lower_is_better',
          ),
          measure(
            '10 reads at scale',
            `${label}: req/s`,
            'req/s',
            ours.rps,
            baseline.rps,
            'higher_is_better',
          ),
        );
      }
    } finally {
      await Promise.all(services.map((service) => service.stop()));
    }
  }
  // The acceptance figure: the many-customer read against the few-customer read (1 = flat).
  const [few, many] = sizes as [number, number];
  for (const { route } of routes) {
    const small = figures.get(`${route}@${few}`)!;
    const large = figures.get(`${route}@${many}`)!;
    const versus = `${many.toLocaleString('en-US')} vs ${few.toLocaleString('en-US')} customers`;
    results.push(
      measure(
        '10 reads at scale',
        `GET ${route}, ${versus}: p50`,
        'ms',
        large.p50,
        small.p50,
        'lower_is_better',
        {
          growth: Number((large.p50 / small.p50).toFixed(2)),
        },
      ),
      measure(
        '10 reads at scale',
        `GET ${route}, ${versus}: req/s`,
        'req/s',
        large.rps,
        small.rps,
        'higher_is_better',
        {
          growth: Number((small.rps / large.rps).toFixed(2)),
        },
      ),
    );
  }
  return results;
}
