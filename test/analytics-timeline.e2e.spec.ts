import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { Topics, type CloudEvent } from '@crm/contracts';
import {
  UpstreamFeed,
  consumerGroupsCaughtUp,
  eventually,
  organizationFile,
  serviceEnv,
  signToken,
  testTopic,
  TopicTap,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { startAnalytics } from './service-support';

const suffix = uniqueSuffix();
const owner = `rep-${suffix}`;
const KEEP = 20;
const env = serviceEnv('analytics', suffix, {
  JOBS_PREFIX: `test-${suffix}`,
  TIMELINE_ENTRIES_PER_CUSTOMER: String(KEEP),
  ORGANIZATION_FILE: organizationFile(
    ['east', 'north'],
    [
      { id: owner, roles: ['sales_rep'], region: 'east' },
      { id: `rep-other-${suffix}`, roles: ['sales_rep'], region: 'east' },
      { id: `mgr-north-${suffix}`, roles: ['sales_manager'], region: 'north' },
    ],
  ),
});
const DAY_MS = 86_400_000;
const ALL_TOPICS = [
  Topics.customers,
  Topics.visits,
  Topics.complaints,
  Topics.analytics,
  Topics.engagement,
];

// Personal values of the recorded events: none may reach the timeline, for any reader.
const NAME = `杭州联华贸易有限公司 ${suffix}`;
const PHONE = '+86 571 8888 0000';
const CONTACT = '王丽';
const DESCRIPTION = '第二批货物晚到两周，三箱压坏';
const PURPOSE = '介绍2027年新产品线';
const PERSONAL = [NAME, PHONE, CONTACT, DESCRIPTION, PURPOSE, '我们的生产线停了一天'];

interface Item {
  eventId: string;
  occurredAt: string;
  service: string;
  type: string;
  summary: string;
  link: { kind: string; id: string } | null;
}
interface Timeline {
  customerId: string;
  items: Item[];
  nextCursor: string | null;
}

describe('the customer timeline across services (ADR 137)', () => {
  let analytics: RunningService;
  let mongo: MongoClient;
  let recorder: UpstreamFeed;
  const taps: TopicTap[] = [];
  const tokens: Record<string, string> = {};

  const call = async (path: string, who = 'admin') => {
    const response = await fetch(`${analytics.url}${path}`, {
      headers: { authorization: `Bearer ${tokens[who]}` },
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
  };
  const timelineOf = async (customerId: string, who = 'admin', query = '') => {
    const answer = await call(`/analytics/customers/${customerId}/timeline${query}`, who);
    expect({ who, status: answer.status }).toEqual({ who, status: 200 });
    return answer.body as unknown as Timeline;
  };
  /** Every page, following nextCursor. */
  const everyPage = async (customerId: string, who = 'admin', limit = 4) => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: Timeline = await timelineOf(
        customerId,
        who,
        `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const at = (daysAgo: number, hour = 0) =>
    new Date(Date.now() - daysAgo * DAY_MS + hour * 3_600_000).toISOString();

  /** The timeline's consumer group has committed everything on its topics. */
  const settled = () =>
    consumerGroupsCaughtUp(
      suffix,
      [{ groupId: `${env.CONSUMER_GROUP_PREFIX}.analytics.customer-timeline`, topics: ALL_TOPICS }],
      { what: 'the timeline to catch up', timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    recorder = new UpstreamFeed(suffix, { origin: 'recorded', validate: true });
    await recorder.connect();
    for (const topic of ALL_TOPICS) taps.push(await new TopicTap(testTopic(suffix, topic)).open());
    analytics = await startAnalytics(env);
    tokens['admin'] = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    tokens['owner'] = await signToken({ sub: owner, roles: ['sales_rep'], region: 'east' });
    tokens['other rep'] = await signToken({
      sub: `rep-other-${suffix}`,
      roles: ['sales_rep'],
      region: 'east',
    });
    tokens['other region'] = await signToken({
      sub: `mgr-north-${suffix}`,
      roles: ['sales_manager'],
      region: 'north',
    });
    tokens['analyst'] = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
    tokens['agent'] = await signToken({ sub: `agent-${suffix}`, roles: ['service_agent'] });
  });

  afterAll(async () => {
    await Promise.allSettled([
      analytics?.stop(),
      recorder?.disconnect(),
      ...taps.map((tap) => tap.close()),
    ]);
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  const register = (customerId: string, time: string, name = NAME) =>
    recorder.publish(
      'customers',
      'CustomerRegistered',
      customerId,
      customerId,
      {
        customerId,
        name,
        nature: 'ordinary_company',
        region: 'east',
        ownerId: owner,
        registeredAt: time,
        phone: PHONE,
      },
      { time: time },
    );

  const customerId = uuidv7();
  /** What this test recorded about the customer, oldest first: the order it must come back in. */
  const recorded: CloudEvent[] = [];

  it('lists a customer’s events of customers, visits, complaints, engagement and analytics newest first, each once', async () => {
    const visitId = uuidv7();
    const complaintId = uuidv7();
    const purchaseId = uuidv7();
    const step = (daysAgo: number) => ({ complaintId, actorId: 'agent-7', at: at(daysAgo) });
    recorded.push(await register(customerId, at(10)));
    recorded.push(
      await recorder.publish(
        'customers',
        'PurchaseRecorded',
        customerId,
        customerId,
        {
          customerId,
          purchaseId,
          amount: { minor: '1280050', currency: 'CNY' },
          booked: { minor: '1280050', currency: 'CNY' },
          occurredAt: at(9),
          productLine: 'industrial-pumps',
          sourceSystem: 'erp',
          orderReference: `SO-${suffix}`,
        },
        { time: at(9), version: 2 },
      ),
    );
    recorded.push(
      await recorder.publish(
        'customers',
        'PointsEarned',
        customerId,
        customerId,
        { customerId, purchaseId, points: 128, earnedAt: at(9, 1) },
        { time: at(9, 1) },
      ),
    );
    const visit = { visitId, customerId, repId: owner, plannedDate: at(7).slice(0, 10) };
    recorded.push(
      await recorder.publish(
        'visits',
        'VisitPlanned',
        visitId,
        customerId,
        {
          ...visit,
          region: 'east',
          timeZone: 'Asia/Shanghai',
          channel: 'face_to_face',
          purpose: PURPOSE,
          plannedAt: at(8),
        },
        { time: at(8) },
      ),
    );
    recorded.push(
      await recorder.publish(
        'visits',
        'VisitCompleted',
        visitId,
        customerId,
        {
          ...visit,
          outcome: '客户同意一月试用',
          feedbackScore: 4,
          progress: [],
          completedAt: at(7),
        },
        { time: at(7) },
      ),
    );
    recorded.push(
      await recorder.publish(
        'complaints',
        'ComplaintRecorded',
        complaintId,
        customerId,
        {
          ...step(6),
          customerId,
          channel: 'phone',
          category: 'delivery',
          severity: 'high',
          description: DESCRIPTION,
          customerWords: '我们的生产线停了一天',
          contact: { name: CONTACT, phone: PHONE },
          firstResponseDue: at(5),
          resolutionDue: at(3),
        },
        { time: at(6) },
      ),
    );
    recorded.push(
      await recorder.publish('complaints', 'ComplaintValidated', complaintId, customerId, step(5), {
        time: at(5),
      }),
    );
    recorded.push(
      await recorder.publish(
        'complaints',
        'ComplaintClosed',
        complaintId,
        customerId,
        { ...step(4), satisfaction: 3, summary: '与客户确认承运路线', rejected: false },
        { time: at(4) },
      ),
    );
    const contactId = uuidv7();
    recorded.push(
      await recorder.publish(
        'engagement',
        'GreetingSent',
        `greeting-${contactId}`,
        customerId,
        {
          greetingId: `gr-${contactId}-birthday-2026`,
          customerId,
          contactId,
          occasion: 'birthday',
          year: 2026,
          channel: 'email',
          attempts: 1,
          sentAt: at(3),
        },
        { time: at(3) },
      ),
    );
    // The tier comes from analytics itself: a recomputation ranks the customer.
    await eventually(
      async () =>
        (await call(`/analytics/customers/${customerId}`)).status === 200 ? true : undefined,
      { what: 'the 360 view' },
    );
    const run = await fetch(`${analytics.url}/analytics/tiers/recompute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['admin']}` },
    });
    expect(run.status).toBe(200);
    const tierChanged = await eventually(
      async () =>
        taps[3]!.records.find(
          (record) =>
            String(record.value['type']).includes('CustomerTierChanged') &&
            record.value['customerid'] === customerId,
        ),
      { what: 'CustomerTierChanged' },
    );
    await settled();

    // Independently: every event about the customer on the five topics, but the company-wide runs.
    const onTopics = taps
      .flatMap((tap) => tap.records.map((record) => record.value))
      .filter((value) => value['customerid'] === customerId)
      .map((value) => String(value['id']));
    const timeline = await everyPage(customerId);
    expect(new Set(timeline.map((item) => item.eventId)).size).toBe(timeline.length);
    expect(timeline.map((item) => item.eventId).sort()).toEqual([...new Set(onTopics)].sort());
    // Newest first, ties by event id.
    const order = timeline.map((item) => `${item.occurredAt}|${item.eventId}`);
    expect(order).toEqual([...order].sort().reverse());
    // The recorded events, at their business times, come back in the reverse of their recording.
    const mine = new Set(recorded.map((event) => event.id));
    expect(timeline.filter((item) => mine.has(item.eventId)).map((item) => item.type)).toEqual(
      [...recorded].reverse().map((event) => event.type.split('.')[2]),
    );
    // Analytics' own fact: the customer's first tier, newer than everything recorded before the run.
    const tier = (await call(`/analytics/customers/${customerId}`)).body['tier'] as string;
    const tierEntry = timeline.findIndex((item) => item.eventId === tierChanged.value['id']);
    expect(timeline[tierEntry]).toMatchObject({
      service: 'analytics',
      type: 'CustomerTierChanged',
      summary: `— → ${tier}`,
      link: null,
    });
    expect(tierEntry).toBeLessThan(timeline.findIndex((item) => mine.has(item.eventId)));
    expect(timeline.find((item) => item.type === 'PurchaseRecorded')).toMatchObject({
      summary: `12800.50 CNY · industrial-pumps · SO-${suffix}`,
      link: { kind: 'purchase', id: purchaseId },
      occurredAt: recorded[1]!.data['occurredAt'],
    });
    expect(timeline.find((item) => item.type === 'ComplaintClosed')).toMatchObject({
      service: 'complaints',
      summary: '3/5',
      link: { kind: 'complaint', id: complaintId },
    });
    expect(new Set(timeline.map((item) => item.service))).toEqual(
      new Set(['customers', 'visits', 'complaints', 'engagement', 'analytics']),
    );

    // Filters.
    const complaintsOnly = await timelineOf(customerId, 'admin', '?service=complaints');
    expect(complaintsOnly.items.map((item) => item.type)).toEqual([
      'ComplaintClosed',
      'ComplaintValidated',
      'ComplaintRecorded',
    ]);
    const purchases = await timelineOf(customerId, 'admin', '?type=PurchaseRecorded');
    expect(purchases.items.map((item) => item.eventId)).toEqual([recorded[1]!.id]);

    // Redelivered, then rebuilt from the topics: the same entries, each once.
    await recorder.replayAll();
    await settled();
    expect(await everyPage(customerId, 'admin', 50)).toEqual(timeline);
    const rebuilt = await fetch(`${analytics.url}/analytics/admin/projections/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['admin']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ projections: ['customer-timeline'] }),
    });
    expect(rebuilt.status).toBe(200);
    expect(await everyPage(customerId, 'admin', 7)).toEqual(timeline);
  });

  it('is read as the 360 view is: the owner in full, another rep or region as an unknown customer, an analyst without personal dates', async () => {
    const full = await everyPage(customerId, 'admin', 100);
    expect(await everyPage(customerId, 'owner', 100)).toEqual(full);
    const unknown = uuidv7();
    for (const who of ['other rep', 'other region']) {
      const [theirs, none] = [
        await call(`/analytics/customers/${customerId}/timeline`, who),
        await call(`/analytics/customers/${unknown}/timeline`, who),
      ];
      expect({ who, status: theirs.status }).toEqual({ who, status: 404 });
      expect(theirs.text.replaceAll(customerId, '<id>')).toBe(
        none.text.replaceAll(unknown, '<id>'),
      );
    }
    expect((await call(`/analytics/customers/${customerId}/timeline`, 'agent')).status).toBe(403);
    // The analyst: every entry but the birthday greeting (its day is the contact's birthday).
    const masked = await everyPage(customerId, 'analyst', 100);
    expect(masked).toEqual(full.filter((item) => item.type !== 'GreetingSent'));
    expect(full.some((item) => item.type === 'GreetingSent')).toBe(true);
    // No personal value in any answer, nor in the read model itself.
    const stored = JSON.stringify(
      await mongo
        .db(env.MONGODB_DATABASE)
        .collection(await collectionOf())
        .find({})
        .toArray(),
    );
    for (const text of [JSON.stringify(full), JSON.stringify(masked), stored])
      expect(PERSONAL.filter((value) => text.includes(value))).toEqual([]);
  });

  const collectionOf = async () =>
    (
      await mongo
        .db(env.MONGODB_DATABASE)
        .collection<{ _id: string; collection: string }>('projection_slots')
        .findOne({ _id: 'customer-timeline' })
    )?.collection ?? 'analytics_customer-timeline';

  it(`keeps the newest ${KEEP} entries of a customer, live and rebuilt`, async () => {
    const busy = uuidv7();
    await register(busy, at(40), `上海华东机电设备厂 ${suffix}`);
    const planned: CloudEvent[] = [];
    for (let day = 0; day < KEEP + 4; day += 1) {
      const visitId = uuidv7();
      planned.push(
        await recorder.publish(
          'visits',
          'VisitPlanned',
          visitId,
          busy,
          {
            visitId,
            customerId: busy,
            repId: owner,
            region: 'east',
            plannedDate: at(30 - day).slice(0, 10),
            timeZone: 'Asia/Shanghai',
            channel: 'phone',
            purpose: '电话回访',
            plannedAt: at(35 - day),
          },
          { time: at(35 - day) },
        ),
      );
    }
    await settled();
    const newest = planned
      .slice(-KEEP)
      .reverse()
      .map((event) => event.id);
    expect((await everyPage(busy, 'admin', 500)).map((item) => item.eventId)).toEqual(newest);
    const entries = mongo.db(env.MONGODB_DATABASE).collection(await collectionOf());
    expect(await entries.countDocuments({ customerId: busy })).toBe(KEEP);
    const rebuilt = await fetch(`${analytics.url}/analytics/admin/projections/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['admin']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ projections: ['customer-timeline'] }),
    });
    expect(rebuilt.status).toBe(200);
    expect((await everyPage(busy, 'admin', 500)).map((item) => item.eventId)).toEqual(newest);
  });

  it('answers a bad parameter with a 400 problem naming it', async () => {
    const path = `/analytics/customers/${customerId}/timeline`;
    const cases: [string, string, string][] = [
      ['/analytics/customers/not-a-customer/timeline', 'id', 'path'],
      [`${path}?limit=0`, 'limit', 'query'],
      [`${path}?limit=501`, 'limit', 'query'],
      [`${path}?service=billing`, 'service', 'query'],
      [`${path}?type=CustomerBirthday`, 'type', 'query'],
      [`${path}?cursor=bm90LWEtY3Vyc29y`, 'cursor', 'query'],
      [`${path}?colour=red`, 'colour', 'query'],
    ];
    for (const [url, field, part] of cases) {
      const response = await fetch(`${analytics.url}${url}`, {
        headers: { authorization: `Bearer ${tokens['admin']}` },
      });
      const body = (await response.json()) as { title: string; errors: { field: string }[] };
      expect({
        url,
        status: response.status,
        type: response.headers.get('content-type'),
        title: body.title,
        fields: body.errors.map((error) => error.field),
      }).toEqual({
        url,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
        title: `The request ${part} is invalid`,
        fields: [field],
      });
    }
  });
});
