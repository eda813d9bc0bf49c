import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { cloudEventSchema, customerRegistered, eventRegistry, Topics } from '@crm/contracts';
import { MongoEventStore, toCloudEvent, toOutboundRecord } from '@crm/event-store';
import {
  eventually,
  serviceEnv,
  signToken,
  testKafka,
  testTopic,
  TopicTap,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { startAnalytics, startCustomers } from './service-support';

const suffix = uniqueSuffix();
const customersEnv = serviceEnv('customers', suffix);
const analyticsEnv = serviceEnv('analytics', suffix);

describe('walking skeleton: HTTP → event store → outbox → Kafka → analytics projection', () => {
  let customers: RunningService;
  let analytics: RunningService;
  let mongo: MongoClient;
  let tap: TopicTap;
  const rep = `rep-${suffix}`;
  let repToken: string;
  let analystToken: string;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${customers.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${repToken}`,
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const newCustomer = (overrides: Record<string, unknown> = {}) => ({
    name: `Lianhua Trading ${uniqueSuffix()}`,
    nature: 'ordinary_company',
    region: 'east',
    ownerId: rep,
    ...overrides,
  });

  const customerCommits = () => mongo.db(customersEnv.MONGODB_DATABASE).collection('event_commits');

  const view360 = async (customerId: string) => {
    const response = await fetch(`${analytics.url}/analytics/customers/${customerId}`, {
      headers: { authorization: `Bearer ${analystToken}` },
    });
    return response.status === 200
      ? ((await response.json()) as Record<string, unknown>)
      : undefined;
  };

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    tap = await new TopicTap(testTopic(suffix, Topics.customers)).open();
    customers = await startCustomers(customersEnv);
    // Analytics opens the customers' sealed names through the customers' key API (ADR 90).
    analytics = await startAnalytics({ ...analyticsEnv, CUSTOMERS_URL: customers.url });
    repToken = await signToken({ sub: rep, roles: ['sales_rep'] });
    analystToken = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
  });

  afterAll(async () => {
    await Promise.allSettled([customers?.stop(), analytics?.stop(), tap?.close()]);
    await mongo.db(customersEnv.MONGODB_DATABASE).dropDatabase();
    await mongo.db(analyticsEnv.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  it('publishes a registered customer as a CloudEvent and analytics shows it within 5 s', async () => {
    const response = await post('/customers', newCustomer());
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    const { customerId } = (await response.json()) as { customerId: string };
    expect(response.headers.get('location')).toBe(`/customers/${customerId}`);

    const [record] = await tap.waitFor((r) => r.value['subject'] === customerId);
    expect(record!.key).toBe(customerId);
    expect(record!.headers['ce_type']).toBe('crm.customers.CustomerRegistered.v2');
    expect(record!.headers['ce_id']).toBe(record!.value['id']);
    expect(cloudEventSchema.parse(record!.value)).toMatchObject({
      specversion: '1.0',
      source: 'crm/customers',
      type: 'crm.customers.CustomerRegistered.v2',
      subject: customerId,
      customerid: customerId,
      sequence: 1,
      actorid: rep,
      datacontenttype: 'application/json',
    });
    expect(() =>
      eventRegistry.validateData('crm.customers.CustomerRegistered.v2', record!.value['data']),
    ).not.toThrow();

    const view = await eventually(() => view360(customerId), {
      timeoutMs: 5_000,
      what: 'the 360 view',
    });
    expect(view).toMatchObject({
      customerId,
      eventCount: 1,
      profile: { ownerId: rep, region: 'east' },
    });

    const card = await fetch(`${customers.url}/customers/${customerId}`, {
      headers: { authorization: `Bearer ${repToken}` },
    });
    expect(card.status).toBe(200);
    expect(card.headers.get('etag')).toBe('"1"');
    expect(await card.json()).toMatchObject({ customerId, ownerId: rep, version: 1 });
  });

  it('publishes an event appended while no relay ran, and applies it once even when delivered twice', async () => {
    // A customers instance that "died" after appending: its event is stored but never published.
    const crashedEnv = {
      ...serviceEnv('customers', `${suffix}c`),
      KAFKA_TOPIC_PREFIX: customersEnv.KAFKA_TOPIC_PREFIX,
    };
    const crashedDb = mongo.db(crashedEnv.MONGODB_DATABASE);
    const store = new MongoEventStore(crashedDb, {
      context: 'customers',
      registry: eventRegistry,
      newId: uuidv7,
    });
    await store.ensureIndexes();
    const customerId = uuidv7();
    await store.append(
      customerId,
      0,
      [
        {
          type: 'CustomerRegistered',
          data: { ...customerRegistered.example, customerId, ownerId: rep },
        },
      ],
      { actorId: rep, correlationId: 'crash-test', causationId: 'crash-test', customerId },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tap.records.filter((r) => r.value['subject'] === customerId)).toHaveLength(0);

    // The restarted instance's relay finds the unpublished commit and publishes it.
    const restarted = await startCustomers(crashedEnv);
    try {
      const [record] = await tap.waitFor((r) => r.value['subject'] === customerId);
      await eventually(() => view360(customerId), { what: 'the 360 view' });

      // The same record delivered a second time: the projection must not apply it again.
      const kafka = testKafka('duplicate-sender');
      const producer = kafka.producer();
      await producer.connect();
      const stored = (await store.load(customerId)).events[0]!;
      const duplicate = toOutboundRecord(toCloudEvent('customers', stored));
      const [sent] = await producer.send({
        topic: testTopic(suffix, Topics.customers),
        acks: -1,
        messages: [duplicate],
      });
      await producer.disconnect();
      expect(sent!.partition).toBe(record!.partition);

      const admin = kafka.admin();
      await admin.connect();
      await eventually(
        async () => {
          const [offsets] = await admin.fetchOffsets({
            groupId: `${analyticsEnv.CONSUMER_GROUP_PREFIX}.analytics.customer-360`,
            topics: [testTopic(suffix, Topics.customers)],
          });
          const committed = offsets!.partitions.find(
            (p) => p.partition === sent!.partition,
          )!.offset;
          return BigInt(committed) > BigInt(sent!.baseOffset!) ? true : undefined;
        },
        { what: 'the duplicate to be consumed' },
      );
      await admin.disconnect();
      expect(await view360(customerId)).toMatchObject({ customerId, eventCount: 1 });
      const commits = await crashedDb
        .collection('event_commits')
        .find({ stream: customerId })
        .toArray();
      // Published: the relay's checkpoint has passed the commit's position.
      const checkpoint = await crashedDb
        .collection<{ _id: string; position: number }>('event_outbox_checkpoints')
        .findOne({ _id: 'customers:event_commits' });
      expect(commits).toEqual([expect.objectContaining({ position: expect.any(Number) })]);
      expect(checkpoint?.position).toBeGreaterThanOrEqual(commits[0]!['position'] as number);
    } finally {
      await restarted.stop();
      await crashedDb.dropDatabase();
    }
  });

  describe('bad input on POST /customers: 4xx problem+json, nothing stored, no event', () => {
    const hostile = `rep-hostile-${suffix}`;
    let hostileToken: string;

    beforeAll(async () => {
      hostileToken = await signToken({ sub: hostile, roles: ['sales_rep'] });
    });

    const send = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${customers.url}/customers`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${hostileToken}`,
          ...headers,
        },
        body,
      });
    const valid = () => newCustomer({ ownerId: hostile });

    const cases: [string, () => Promise<Response>, number, string, string[]][] = [
      ['malformed JSON', () => send('{"name": "x",'), 400, 'urn:crm:problem:malformed-json', []],
      ['an empty body', () => send(''), 400, 'urn:crm:problem:validation', ['name', 'ownerId']],
      ['a JSON array', () => send('[]'), 400, 'urn:crm:problem:validation', ['(body)']],
      [
        'missing fields',
        () => send(JSON.stringify({ name: 'x' })),
        400,
        'urn:crm:problem:validation',
        ['nature', 'region', 'ownerId'],
      ],
      [
        'an unknown field',
        () => send(JSON.stringify({ ...valid(), tier: 'A' })),
        400,
        'urn:crm:problem:validation',
        ['tier'],
      ],
      [
        'wrong types',
        () => send(JSON.stringify({ ...valid(), name: 42, nature: ['x'] })),
        400,
        'urn:crm:problem:validation',
        ['name', 'nature'],
      ],
      [
        'a prototype-pollution attempt',
        () =>
          send(
            `{"name":"x","nature":"individual","region":"e","ownerId":"${hostile}","__proto__":{"admin":true}}`,
          ),
        400,
        'urn:crm:problem:validation',
        ['__proto__'],
      ],
      [
        'a 1 MB body',
        () => send(JSON.stringify({ ...valid(), name: 'x'.repeat(1024 * 1024) })),
        413,
        'urn:crm:problem:payload-too-large',
        [],
      ],
      [
        'a body that is not JSON',
        () => send('name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
        'urn:crm:problem:unsupported-media-type',
        [],
      ],
      [
        'no token',
        () => send(JSON.stringify(valid()), { authorization: '' }),
        401,
        'urn:crm:problem:unauthenticated',
        [],
      ],
      [
        'a forged token',
        () =>
          send(JSON.stringify(valid()), {
            authorization: `Bearer ${hostileToken.slice(0, -4)}AAAA`,
          }),
        401,
        'urn:crm:problem:unauthenticated',
        [],
      ],
      [
        'a role that may not register customers',
        async () =>
          send(JSON.stringify(valid()), {
            authorization: `Bearer ${await signToken({ sub: hostile, roles: ['analyst'] })}`,
          }),
        403,
        'urn:crm:problem:forbidden',
        [],
      ],
      [
        'a rep registering a customer for another owner',
        () => send(JSON.stringify({ ...valid(), ownerId: 'someone-else' })),
        403,
        'urn:crm:problem:customer-owner-not-allowed',
        [],
      ],
    ];

    it.each(cases)('%s', async (_, request, status, type, fields) => {
      const before = await customerCommits().countDocuments({});
      const response = await request();
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await response.json()) as {
        type: string;
        status: number;
        errors?: { field: string }[];
      };
      expect(body).toMatchObject({ type, status });
      for (const field of fields) {
        expect(body.errors?.map((error) => error.field)).toContain(field);
      }
      expect(await customerCommits().countDocuments({})).toBe(before);
    });

    it('published nothing for any of them', async () => {
      // A marker registration by the same actor proves the topic was read past the bad requests.
      const marker = await send(JSON.stringify(valid()));
      expect(marker.status).toBe(201);
      await tap.waitFor((r) => r.value['actorid'] === hostile);
      expect(tap.records.filter((r) => r.value['actorid'] === hostile)).toHaveLength(1);
    });
  });

  it('answers the same POST with the same Idempotency-Key once: same response, one event', async () => {
    const key = `idem-${uniqueSuffix()}`;
    const body = newCustomer();
    const first = await post('/customers', body, { 'idempotency-key': key });
    const second = await post('/customers', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const firstBody = (await first.json()) as { customerId: string };
    expect(await second.json()).toEqual(firstBody);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await customerCommits().countDocuments({ stream: firstBody.customerId })).toBe(1);

    const reused = await post('/customers', newCustomer(), { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ type: 'urn:crm:problem:idempotency-key-reused' });

    await eventually(() => view360(firstBody.customerId), { what: 'the 360 view' });
    expect(tap.records.filter((r) => r.value['subject'] === firstBody.customerId)).toHaveLength(1);
  });

  it('shows the tier and lifecycle stage analytics computed on the card and filters the list by them', async () => {
    const asAnalyst = (path: string) =>
      fetch(`${analytics.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${analystToken}` },
        body: '{}',
      });
    const registered = async (name: string) =>
      (
        (await (
          await post('/customers', newCustomer({ name, expectedAnnualPurchase: 800_000 }))
        ).json()) as { customerId: string }
      ).customerId;
    const customerId = await registered(`华东机电 ${uniqueSuffix()}`);
    // The same fund band, no purchase: tier C once tiered.
    const idle = await registered(`西北贸易 ${uniqueSuffix()}`);
    // Far beyond 2^31 minor units, today: the only customer with revenue here, so tier A.
    const bought = await post(`/customers/${customerId}/purchases`, {
      amount: 3_000_000_000,
      currency: 'CNY',
      occurredAt: new Date().toISOString(),
      productLine: 'pumps',
      sourceSystem: 'erp-sap',
      orderReference: `SO-${uniqueSuffix()}`,
    });
    expect(bought.status).toBe(201);
    await eventually(
      async () => {
        const facts = await mongo
          .db(analyticsEnv.MONGODB_DATABASE)
          .collection<{ _id: string }>('analytics_customer-facts')
          .findOne({ _id: customerId, purchaseDays: { $exists: true, $ne: [] } });
        return facts ?? undefined;
      },
      { timeoutMs: 10_000, what: 'the purchase in the analytics facts' },
    );
    expect((await asAnalyst('/analytics/tiers/recompute')).status).toBeLessThan(300);
    expect((await asAnalyst('/analytics/lifecycle/recompute')).status).toBeLessThan(300);

    const cardOf = async () =>
      (await (
        await fetch(`${customers.url}/customers/${customerId}`, {
          headers: { authorization: `Bearer ${repToken}` },
        })
      ).json()) as Record<string, unknown>;
    const card = await eventually(
      async () => {
        const current = await cardOf();
        return current['tier'] !== null && current['lifecycle'] !== null ? current : undefined;
      },
      { timeoutMs: 10_000, what: 'tier and lifecycle on the card' },
    );
    expect(card).toMatchObject({ customerId, tier: 'A', csi: null });
    expect(['new', 'active']).toContain(card['lifecycle']);

    const listed = async (query: string) => {
      const response = await fetch(`${customers.url}/customers?${query}`, {
        headers: { authorization: `Bearer ${repToken}` },
      });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { customerId: string; tier: unknown }[] };
      return page.items;
    };
    const tierA = await listed('tier=A');
    expect(tierA.map((item) => item.customerId)).toContain(customerId);
    expect(tierA.every((item) => item.tier === 'A')).toBe(true);
    expect((await listed('tier=B')).map((item) => item.customerId)).not.toContain(customerId);
    expect(
      (await listed(`lifecycle=${String(card['lifecycle'])}`)).map((item) => item.customerId),
    ).toContain(customerId);

    // D8: the tier criterion is checked against that tier (key accounts are tier A here).
    await eventually(
      async () =>
        (await listed('tier=C')).some((item) => item.customerId === idle) ? true : undefined,
      { timeoutMs: 10_000, what: 'tier C of the customer without purchases' },
    );
    const managerToken = await signToken({
      sub: `mgr-${suffix}`,
      roles: ['sales_manager'],
      region: 'east',
    });
    const designate = (id: string) =>
      post(
        `/customers/${id}/key-account`,
        {
          criterion: 'tier_and_fund_band',
          reason: 'largest account of the region',
          keyAccountManagerId: `kam-${suffix}`,
          executiveSponsorId: `vp-${suffix}`,
        },
        { authorization: `Bearer ${managerToken}` },
      );
    const refused = await designate(idle);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      type: 'urn:crm:problem:key-account-criteria-not-met',
      unmet: ['tier must be one of A (is C)'],
    });
    expect((await designate(customerId)).status).toBe(201);
  });

  it('serves health, metrics and the OpenAPI document without a token', async () => {
    for (const service of [customers, analytics]) {
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        info: { mongodb: { status: 'up' }, kafka: { status: 'up' }, redis: { status: 'up' } },
      });
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
      const metrics = await fetch(`${service.url}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await metrics.text()).toContain('crm_http_request_duration_seconds');
    }
    const openapi = (await (await fetch(`${customers.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/customers', '/customers/{id}']),
    );
  });
});
