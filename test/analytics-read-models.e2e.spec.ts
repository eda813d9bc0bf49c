import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { OPPORTUNITY_STAGES, Topics } from '@crm/contracts';
import { unpublishedCommits } from '@crm/event-store';
import {
  canonical,
  consumerGroupsCaughtUp,
  eventually,
  organizationFile,
  serviceEnv,
  signToken,
  testTopic,
  TopicTap,
  uniqueSuffix,
  UpstreamFeed,
  callJson,
  type RunningService,
} from '@crm/testing';
import { loadAnalyticsConfig } from '@apps/analytics/src/analytics.config';
import { ENGAGEMENT_COMMITS } from '@apps/analytics/src/engagement/application/engagement-streams';
import { startAnalytics } from './service-support';

const suffix = uniqueSuffix();

// The owner's supervisor comes from the directory (D6 alerts go to both).
const env = serviceEnv('analytics', suffix, {
  JOBS_PREFIX: `test-${suffix}`,
  ORGANIZATION_FILE: organizationFile(
    ['east', 'north', 'south', 'west', 'central'],
    [
      { id: `mgr-${suffix}`, roles: ['sales_manager'], region: 'east' },
      { id: `rep-${suffix}`, roles: ['sales_rep'], region: 'east', supervisor: `mgr-${suffix}` },
    ],
  ),
});
const DAY_MS = 86_400_000;

describe('analytics read models from recorded events', () => {
  let analytics: RunningService;
  let mongo: MongoClient;
  let tap: TopicTap;
  /** Recorded events of the producing services; each matches its contract, as their stores ensure. */
  const recorder = new UpstreamFeed(suffix, { origin: 'recorded', validate: true });
  let token: string;
  const owner = `rep-${suffix}`;

  const call = (method: string, path: string, body?: unknown) =>
    callJson(analytics.url, method, path, { token, body });
  const db = () => mongo.db(env.MONGODB_DATABASE);
  /** A read-model document as the checks below look at it. */
  type ReadModel = {
    _id: string;
    revenueByDay?: Record<string, number | bigint>;
    purchaseDays?: string[];
    scores?: unknown[];
    customerId?: string;
  };
  const readModel = (collection: string) => db().collection<ReadModel>(collection);
  /** Where projections lived before slots existed, when not `analytics_<name>`. */
  const firstCollections: Record<string, string> = {
    'engagement-follow-up-list': 'engagement_follow_up_list',
    'engagement-contacts': 'engagement_contacts',
    'engagement-customer-owners': 'engagement_customer_owners',
    'engagement-customer-facts': 'engagement_customer_facts',
    'engagement-customer-tiers': 'engagement_customer_tiers',
    'engagement-complaints': 'engagement_complaints',
  };
  const collectionOf = async (projection: string) =>
    (
      await db()
        .collection<{ _id: string; collection: string }>('projection_slots')
        .findOne({ _id: projection })
    )?.collection ??
    firstCollections[projection] ??
    `analytics_${projection}`;

  const register = async (name: string) => {
    const customerId = uuidv7();
    await recorder.publish('customers', 'CustomerRegistered', customerId, customerId, {
      customerId,
      name,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: owner,
      registeredAt: new Date().toISOString(),
    });
    return customerId;
  };
  const purchase = (customerId: string, amount: number, occurredAt: Date) =>
    recorder.publish('customers', 'PurchaseRecorded', customerId, customerId, {
      customerId,
      purchaseId: uuidv7(),
      amount,
      currency: 'CNY',
      occurredAt: occurredAt.toISOString(),
      productLine: 'pumps',
      sourceSystem: 'erp',
      orderReference: `SO-${uuidv7()}`,
    });

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    await recorder.connect();
    tap = await new TopicTap(testTopic(suffix, Topics.analytics)).open();
    analytics = await startAnalytics(env);
    token = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
  });

  afterAll(async () => {
    await Promise.allSettled([analytics?.stop(), tap?.close(), recorder.disconnect()]);
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  const revenues = [400, 200, 150, 100, 60, 40, 30, 20, 0];
  let tiered: string[] = [];

  it('D3: recomputes the example tiers, emits changes only for changed customers, answers "tier on date D", and a past asOf is a read that changes nothing', async () => {
    // A recomputation is always as of now: the purchases are dated from now.
    const started = new Date();
    tiered = [];
    for (const [index, revenue] of revenues.entries()) {
      const customerId = await register(`Tiered ${index}`);
      tiered.push(customerId);
      if (revenue > 0)
        await purchase(customerId, revenue, new Date(started.getTime() - 30 * DAY_MS));
    }
    // A back-dated purchase outside the 12-month window does not count: the last customer stays C.
    await purchase(tiered[8]!, 10_000, new Date(started.getTime() - 400 * DAY_MS));
    const facts = await collectionOf('customer-facts');
    await eventually(
      async () =>
        (await readModel(facts).countDocuments({
          _id: { $in: tiered },
          purchaseDays: { $exists: true },
        })) === 9
          ? true
          : undefined,
      { what: 'the purchases to be projected' },
    );

    const first = await call('POST', '/analytics/tiers/recompute', {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      customers: 9,
      changed: 9,
      counts: { A: 2, B: 2, C: 5 },
      trigger: 'on_demand',
      skewed: true,
    });
    const changes = await tap.waitFor(
      (r) => r.headers['ce_type'] === 'crm.analytics.CustomerTierChanged.v1',
      { count: 9 },
    );
    const tierOf = new Map(
      changes.map((r) => [
        r.value['customerid'] as string,
        (r.value['data'] as { tier: string }).tier,
      ]),
    );
    expect(tiered.map((id) => tierOf.get(id))).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'C',
      'C',
      'C',
    ]);
    await tap.waitFor(
      (r) => r.headers['ce_type'] === 'crm.analytics.TierRecomputationCompleted.v1',
    );

    // Nothing changed: no CustomerTierChanged, one more summary.
    const second = await call('POST', '/analytics/tiers/recompute', {});
    expect(second.body).toMatchObject({ changed: 0 });
    await tap.waitFor(
      (r) => r.headers['ce_type'] === 'crm.analytics.TierRecomputationCompleted.v1',
      { count: 2 },
    );
    const between = new Date();

    // One more purchase lifts the fifth customer (60 → 460) to the top.
    const today = new Date();
    await purchase(tiered[4]!, 400, today);
    await eventually(
      async () => {
        const doc = await readModel(facts).findOne({ _id: tiered[4]! });
        // 400 CNY, kept as exact minor units (ADR 90).
        const day = doc?.revenueByDay?.[today.toISOString().slice(0, 10)];
        return day !== undefined && BigInt(day) === 40_000n ? true : undefined;
      },
      { what: 'the new purchase' },
    );
    const third = await call('POST', '/analytics/tiers/recompute', {});
    const changedByThird = third.body['changed'] as number;
    expect(changedByThird > 0).toBe(true);

    // A past date is a read: the run in effect then, as recorded; no tier, history or event.
    const past = await call('POST', '/analytics/tiers/recompute', { asOf: between.toISOString() });
    expect(past).toMatchObject({
      status: 200,
      body: {
        asOf: between.toISOString(),
        recomputation: {
          recomputationId: second.body['recomputationId'],
          counts: { A: 2, B: 2, C: 5 },
        },
      },
    });
    for (const absurd of ['1970-01-01T00:00:00Z', '2999-01-01T00:00:00Z']) {
      const refused = await call('POST', '/analytics/tiers/recompute', { asOf: absurd });
      expect(refused).toMatchObject({
        status: 400,
        body: { errors: [expect.objectContaining({ field: 'asOf' })] },
      });
    }
    // The event store holds only what the three real runs appended.
    const commits = db().collection<{ stream: string; events: unknown[] }>('event_commits');
    const appended = async (streams: string[]) =>
      (await commits.find({ stream: { $in: streams } }).toArray()).reduce(
        (count, commit) => count + commit.events.length,
        0,
      );
    expect(await appended(tiered.map((id) => `tier-${id}`))).toBe(9 + changedByThird);
    expect(await appended(['tier-recomputations'])).toBe(3);
    expect((await call('GET', '/analytics/tiers')).body['latestRecomputation']).toMatchObject({
      recomputationId: third.body['recomputationId'],
    });

    const history = await eventually(
      async () => {
        const response = await call(
          'GET',
          `/analytics/customers/${tiered[4]}/tiers?on=${today.toISOString().slice(0, 10)}`,
        );
        return response.status === 200 && (response.body['history'] as unknown[]).length === 2
          ? response.body
          : undefined;
      },
      // Each purchase now also publishes its lifecycle stage (ADR 125): more on the topic first.
      { timeoutMs: 30_000, what: 'the tier history' },
    );
    expect(history).toMatchObject({
      tier: 'A',
      tierOn: 'A',
      history: [{ tier: 'C' }, { tier: 'A' }],
    });
    const tiers = await eventually(
      async () => {
        const response = await call('GET', '/analytics/tiers?tier=A');
        return (response.body['distribution'] as { A: number }).A === 2 ? response.body : undefined;
      },
      { what: 'the distribution' },
    );
    expect(tiers['latestRecomputation']).toMatchObject({
      recomputationId: third.body['recomputationId'],
    });
    // The healthy mix the run is held against (the defaults), and each member named with its owner.
    expect(tiers['healthyMix']).toEqual({
      shares: { A: 0.2, B: 0.4, C: 0.4 },
      tolerance: expect.any(Number),
    });
    // The revenue figures are in the company currency, named so a reader never assumes one.
    expect(tiers['currency']).toBe('CNY');
    // Tier A after the third run (the history above): the first customer and the fifth, in id order.
    expect((tiers['members'] as { items: unknown[] }).items).toEqual(
      [0, 4].map((index) =>
        expect.objectContaining({
          customerId: tiered[index],
          name: `Tiered ${index}`,
          ownerId: owner,
          tier: 'A',
        }),
      ),
    );
  });

  it('D5: a customer that stops buying becomes drowsy, with a CustomerLifecycleChanged; a past asOf is a read that changes nothing', async () => {
    const customerId = await register('Rhythmic');
    // An evaluation is always as of now: the purchases are dated from now. Every 30 days, the last
    // one 30 days ago (1× its interval): active.
    const now = Date.now();
    for (const day of [60, 30]) await purchase(customerId, 50, new Date(now - day * DAY_MS));
    const facts = await collectionOf('customer-facts');
    const purchased = (count: number) =>
      eventually(
        async () =>
          (await readModel(facts).findOne({ _id: customerId }))?.purchaseDays?.length === count
            ? true
            : undefined,
        { what: `${count} purchases` },
      );
    await purchased(2);
    expect((await call('POST', '/analytics/lifecycle/recompute', {})).status).toBe(200);
    const between = new Date();
    // Two back-dated purchases land on their own dates (D2): the rhythm is now every 10 days, and
    // 30 days since the last one is 3× that: drowsy.
    for (const day of [50, 40]) await purchase(customerId, 50, new Date(now - day * DAY_MS));
    await purchased(4);
    expect((await call('POST', '/analytics/lifecycle/recompute', {})).status).toBe(200);
    const records = await tap.waitFor(
      (r) =>
        r.headers['ce_type'] === 'crm.analytics.CustomerLifecycleChanged.v1' &&
        r.value['customerid'] === customerId,
      { count: 3 },
    );
    // Each purchase is evaluated at once: the first alone (60-odd days ago, default interval 30) is
    // drowsy, the second makes it active; the back-dated ones make it drowsy again.
    expect(records.map((r) => (r.value['data'] as { stage: string }).stage)).toEqual([
      'drowsy',
      'active',
      'drowsy',
    ]);
    const list = await eventually(
      async () => {
        const response = await call('GET', '/analytics/lifecycle?stage=drowsy');
        const members = (response.body['members'] as { items: { customerId: string }[] }).items;
        // The counts and the page are two reads: wait until both have seen the change.
        const drowsy = (response.body['stages'] as Record<string, number>)['drowsy'] ?? 0;
        return members.some((m) => m.customerId === customerId) && drowsy >= 1
          ? response.body
          : undefined;
      },
      { what: 'the lifecycle list and its counts' },
    );
    expect((list['stages'] as Record<string, number>)['drowsy']).toBeGreaterThanOrEqual(1);
    // Each member with its name and owner, for a list a manager can read.
    expect(
      (list['members'] as { items: { customerId: string }[] }).items.find(
        (member) => member.customerId === customerId,
      ),
    ).toEqual({
      customerId,
      name: 'Rhythmic',
      ownerId: owner,
      stage: 'drowsy',
      since: expect.any(String),
    });

    // A past date is a read (ADR 87, as for the tiers): the stages as recorded then; nothing is
    // appended, published or projected, whatever the date.
    const commits = db().collection<{ stream: string; events: unknown[] }>('event_commits');
    const lifecycleEvents = async () =>
      (await commits.find({ stream: { $regex: '^lifecycle-' } }).toArray()).reduce(
        (count, commit) => count + commit.events.length,
        0,
      );
    const before = await lifecycleEvents();
    const past = await call('POST', '/analytics/lifecycle/recompute', {
      asOf: between.toISOString(),
    });
    expect(past).toMatchObject({
      status: 200,
      body: { asOf: between.toISOString(), stages: expect.objectContaining({ drowsy: 0 }) },
    });
    expect((past.body['stages'] as Record<string, number>)['active']).toBeGreaterThanOrEqual(1);
    for (const absurd of ['1970-01-01T00:00:00Z', '2999-01-01T00:00:00Z']) {
      const refused = await call('POST', '/analytics/lifecycle/recompute', { asOf: absurd });
      expect(refused).toMatchObject({
        status: 400,
        body: { errors: [expect.objectContaining({ field: 'asOf' })] },
      });
    }
    expect(await lifecycleEvents()).toBe(before);
    const stage = await call('GET', '/analytics/lifecycle?stage=drowsy');
    expect(
      (stage.body['members'] as { items: { customerId: string }[] }).items.map((m) => m.customerId),
    ).toContain(customerId);
  });

  it('D5: a purchase makes a customer active at once; a full refund undoes it; "marked lost" is a role-checked command a purchase reverses', async () => {
    const customerId = await register('沉睡的客户');
    const now = Date.now();
    const stages = () =>
      tap.records
        .filter(
          (r) =>
            r.headers['ce_type'] === 'crm.analytics.CustomerLifecycleChanged.v1' &&
            r.value['customerid'] === customerId,
        )
        .map((r) => (r.value['data'] as { stage: string }).stage);
    /** Waits until the customer's last published stage is `stage`; answers every stage so far. */
    const reaches = (stage: string) =>
      eventually(async () => (stages().at(-1) === stage ? stages() : undefined), {
        timeoutMs: 30_000,
        what: `the stage ${stage}`,
      });
    // Bought every 10 days until 90 days ago (9× the interval): dormant.
    for (const day of [100, 90])
      await purchase(customerId, 4_000_000_000, new Date(now - day * DAY_MS));
    await eventually(
      async () =>
        (await readModel(await collectionOf('customer-facts')).findOne({ _id: customerId }))
          ?.purchaseDays?.length === 2
          ? true
          : undefined,
      { what: 'two purchases' },
    );
    expect((await call('POST', '/analytics/lifecycle/recompute', {})).status).toBe(200);
    const dormant = await reaches('dormant');
    // A purchase today: active at once, without an evaluation run.
    const today = await purchase(customerId, 5_000_000_000, new Date(now));
    await reaches('active');
    // Refunded in full: it no longer counts, the customer is dormant again.
    await recorder.publish('customers', 'PurchaseReversed', customerId, customerId, {
      customerId,
      reversalId: uuidv7(),
      originalPurchaseId: today.data['purchaseId'],
      amount: 5_000_000_000,
      currency: 'CNY',
      occurredAt: new Date(now).toISOString(),
      reason: '整单退货',
    });
    await reaches('dormant');

    // Marked lost: by a manager or an admin with a reason code; a rep may not; bad input names the field.
    const rep = await signToken({ sub: owner, roles: ['sales_rep'] });
    const markLost = (body: unknown, bearer = token, id = customerId) =>
      fetch(`${analytics.url}/analytics/lifecycle/customers/${id}/mark-lost`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));
    expect((await markLost({ reason: 'went_to_competitor' }, rep)).status).toBe(403);
    const invalid = await markLost({ reason: '不知道' });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body['errors'])).toContain('reason');
    expect((await markLost({ reason: 'other' }, token, uuidv7())).status).toBe(404);
    expect(await markLost({ reason: 'went_to_competitor' })).toMatchObject({
      status: 200,
      body: { customerId, stage: 'lost', changed: true },
    });
    const [marked] = await tap.waitFor(
      (r) =>
        r.headers['ce_type'] === 'crm.analytics.CustomerMarkedLost.v1' &&
        r.value['customerid'] === customerId,
    );
    expect(marked!.value).toMatchObject({
      actorid: `admin-${suffix}`,
      data: { customerId, reason: 'went_to_competitor' },
    });
    await reaches('lost');
    // The nightly evaluation keeps it lost; a purchase today brings it back.
    expect((await call('POST', '/analytics/lifecycle/recompute', {})).status).toBe(200);
    await purchase(customerId, 1, new Date());
    expect(await reaches('active')).toEqual([...dormant, 'active', 'dormant', 'lost', 'active']);
  });

  it('D6: CSI from visits, complaint closures and follow-ups; one alert per drop episode', async () => {
    const customerId = await register('Unhappy');
    const base = Date.now() - 10 * DAY_MS;
    const visit = async (score: number, day: number) => {
      const visitId = uuidv7();
      await recorder.publish('visits', 'VisitCompleted', visitId, customerId, {
        visitId,
        customerId,
        repId: owner,
        plannedDate: new Date(base + day * DAY_MS).toISOString().slice(0, 10),
        outcome: 'met the buyer',
        feedbackScore: score,
        progress: [],
        completedAt: new Date(base + day * DAY_MS).toISOString(),
      });
    };
    await visit(5, 0);
    await visit(5, 1);
    await visit(1, 2); // a sharp drop: the episode begins
    await visit(1, 3); // still in it: no second alert
    const satisfaction = await collectionOf('satisfaction');
    const scored = (count: number) =>
      eventually(
        async () =>
          (await readModel(satisfaction).find({ customerId }).toArray()).flatMap(
            (d) => d.scores ?? [],
          ).length === count
            ? true
            : undefined,
        { what: `${count} scores` },
      );
    // The topics are consumed independently: the visits are in before the later scores arrive.
    await scored(4);
    const complaintId = uuidv7();
    const step = { complaintId, actorId: 'agent-1', at: new Date(base + 4 * DAY_MS).toISOString() };
    await recorder.publish('complaints', 'ComplaintAssigned', complaintId, customerId, {
      ...step,
      department: 'logistics',
      handlerId: 'agent-2',
      causeAnalysis: 'carrier',
    });
    await recorder.publish('complaints', 'ComplaintClosed', complaintId, customerId, {
      ...step,
      satisfaction: 1,
      summary: 'late again',
      rejected: false,
    });
    const followUpId = `fu-${uuidv7()}`;
    await recorder.publish('engagement', 'FollowUpCompleted', followUpId, customerId, {
      followUpId,
      customerId,
      ownerId: owner,
      reason: 'complaint_closed',
      outcome: 'reached',
      satisfactionScore: 2,
      actorId: owner,
      completedAt: new Date(base + 5 * DAY_MS).toISOString(),
    });
    const alerts = await tap.waitFor(
      (r) =>
        r.headers['ce_type'] === 'crm.analytics.SatisfactionAlertRaised.v1' &&
        r.value['customerid'] === customerId,
    );
    expect(alerts[0]!.value['data']).toMatchObject({
      customerId,
      ownerId: owner,
      supervisorId: `mgr-${suffix}`,
      reason: 'sharp_drop',
    });
    await scored(6);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      tap.records.filter(
        (r) =>
          r.headers['ce_type'] === 'crm.analytics.SatisfactionAlertRaised.v1' &&
          r.value['customerid'] === customerId,
      ),
    ).toHaveLength(1);
    const byDepartment = await call('GET', '/analytics/satisfaction?groupBy=department');
    expect(byDepartment.body['groups']).toEqual([
      expect.objectContaining({ key: 'logistics', csi: 0, scores: 1 }),
    ]);
    const byRep = await call('GET', '/analytics/satisfaction?groupBy=rep');
    expect(byRep.body['groups']).toEqual([
      expect.objectContaining({ key: owner, customers: 1, scores: 6, atRisk: 1 }),
    ]);
    const bad = await call('GET', '/analytics/satisfaction?groupBy=weather');
    expect(bad.status).toBe(400);

    // The customer's trend: the CSI right after each score, worked out here from D6's rule
    // (1→0 … 5→100, weights halving every 90 days) over the scores up to that day.
    const given: [day: number, score: number, source: string][] = [
      [0, 5, 'visit'],
      [1, 5, 'visit'],
      [2, 1, 'visit'],
      [3, 1, 'visit'],
      [4, 1, 'complaint'],
      [5, 2, 'follow_up'],
    ];
    const expected = given.map(([day, score, source], index) => {
      const upTo = given.slice(0, index + 1);
      const weight = (other: number) => 0.5 ** ((day - other) / 90);
      const weighted = upTo.reduce((sum, [other, s]) => sum + weight(other) * (s - 1) * 25, 0);
      const weights = upTo.reduce((sum, [other]) => sum + weight(other), 0);
      return { source, score, csi: weighted / weights };
    });
    const trend = await call('GET', `/analytics/customers/${customerId}/satisfaction`);
    expect(trend.status).toBe(200);
    const points = trend.body['points'] as { source: string; score: number; csi: number }[];
    expect(points.map(({ source, score }) => ({ source, score }))).toEqual(
      expected.map(({ source, score }) => ({ source, score })),
    );
    points.forEach((point, index) => expect(point.csi).toBeCloseTo(expected[index]!.csi, 2));
    // One episode: the sharp drop on day 2 (100 → 66.4), never over in the days after.
    expect(trend.body['alerts']).toEqual([
      expect.objectContaining({
        at: new Date(base + 2 * DAY_MS).toISOString(),
        reason: 'sharp_drop',
        peakCsi: 100,
      }),
    ]);
    // The early-warning list: this customer, at its CSI as of now (the same rule, ages from now),
    // with its latest alert; as many customers as the company report counts at risk.
    const now = Date.now();
    const csiNow =
      given.reduce(
        (sum, [day, score]) =>
          sum + 0.5 ** ((now - (base + day * DAY_MS)) / DAY_MS / 90) * (score - 1) * 25,
        0,
      ) /
      given.reduce((sum, [day]) => sum + 0.5 ** ((now - (base + day * DAY_MS)) / DAY_MS / 90), 0);
    const atRisk = await call('GET', '/analytics/satisfaction/at-risk');
    const listed = (atRisk.body['customers'] as { customerId: string; csi: number }[]).find(
      (entry) => entry.customerId === customerId,
    );
    expect(listed).toMatchObject({
      name: 'Unhappy',
      ownerId: owner,
      scores: 6,
      lastAlert: { at: new Date(base + 2 * DAY_MS).toISOString(), reason: 'sharp_drop' },
    });
    expect(listed!.csi).toBeCloseTo(csiNow, 1);
    const company = (await call('GET', '/analytics/satisfaction?groupBy=company')).body[
      'groups'
    ] as {
      atRisk: number;
    }[];
    expect(atRisk.body['total']).toBe(company[0]!.atRisk);
    expect((await call('GET', '/analytics/satisfaction/at-risk?limit=0')).status).toBe(400);
    expect(
      (await call('GET', `/analytics/customers/not-a-uuid/satisfaction`)).body['errors'],
    ).toEqual([expect.objectContaining({ field: 'id' })]);
  });

  it('D10: the funnel example weighs 364.8, plus the revenue closed in the period', async () => {
    const customerId = await register('Funnel');
    const period = '2027-03';
    const opened = async (opportunity: {
      title: string;
      amount: number;
      currency: string;
      expectedCloseDate: string;
      stage: string;
      winRate: number;
    }) => {
      const opportunityId = uuidv7();
      await recorder.publish('visits', 'OpportunityOpened', opportunityId, customerId, {
        opportunityId,
        customerId,
        ownerId: owner,
        region: 'east',
        ...opportunity,
        openedAt: new Date().toISOString(),
      });
      return opportunityId;
    };
    for (const [index, amount] of [300, 240, 176, 464, 146, 98].entries()) {
      await opened({
        title: `deal ${index}`,
        amount,
        currency: 'CNY',
        expectedCloseDate: `${period}-15`,
        stage: OPPORTUNITY_STAGES[index]!,
        winRate: 5,
      });
    }
    const won = await opened({
      title: 'won deal',
      amount: 1000,
      currency: 'CNY',
      expectedCloseDate: `${period}-01`,
      stage: 'commitment',
      winRate: 80,
    });
    await recorder.publish('visits', 'OpportunityWon', won, customerId, {
      opportunityId: won,
      customerId,
      fromStage: 'commitment',
      winRate: 100,
      amount: 1000,
      wonAt: `${period}-10T08:00:00.000Z`,
    });
    const opportunity = (amount: number, currency: string, expectedCloseDate: string) =>
      opened({
        title: `deal in ${currency}`,
        amount,
        currency,
        expectedCloseDate,
        stage: 'commitment',
        winRate: 80,
      });
    // Another currency in the same period is forecast on its own, never added to CNY.
    await opportunity(500, 'USD', `${period}-20`);
    // Overdue and still open: it stays in the current period's forecast, flagged.
    await opportunity(777, 'CHF', '2020-01-15');
    const funnel = await eventually(
      async () => {
        const response = await call('GET', `/analytics/funnel?period=${period}`);
        return response.body['openOpportunities'] === 7 && response.body['wonOpportunities'] === 1
          ? response.body
          : undefined;
      },
      { what: 'the funnel' },
    );
    expect(funnel).toMatchObject({
      currency: 'CNY',
      weightedPipeline: 364.8,
      closedRevenue: 1000,
      forecast: 1364.8,
      openAmount: 1424,
      overdueOpportunities: 0,
    });
    expect(funnel['byCurrency']).toEqual([
      expect.objectContaining({ currency: 'CNY', forecast: 1364.8, openOpportunities: 6 }),
      expect.objectContaining({ currency: 'USD', weightedPipeline: 400, openAmount: 500 }),
    ]);
    const currentPeriod = new Intl.DateTimeFormat('en-CA', {
      timeZone: loadAnalyticsConfig(env).ANALYTICS_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
    })
      .format(new Date())
      .slice(0, 7);
    const now = await eventually(
      async () => {
        const response = await call('GET', `/analytics/funnel?period=${currentPeriod}`);
        const rows = response.body['byCurrency'] as { currency: string }[];
        return rows.some((row) => row.currency === 'CHF') ? response.body : undefined;
      },
      { what: 'the overdue opportunity in the current period' },
    );
    expect(now['overdueOpportunities']).toBe(1);
    expect(now['byCurrency']).toContainEqual(
      expect.objectContaining({
        currency: 'CHF',
        openAmount: 777,
        weightedPipeline: 621.6,
        overdue: { opportunities: 1, amount: 777 },
      }),
    );
    // The customer's 360 view: the same open pipeline, each currency on its own, never one sum.
    const pipeline = await eventually(
      async () => {
        const response = await call('GET', `/analytics/customers/${customerId}`);
        const funnel = response.body['funnel'] as { openOpportunities: number } | undefined;
        return funnel?.openOpportunities === 8 ? funnel : undefined;
      },
      { what: "the customer's open pipeline in the 360 view" },
    );
    const inCurrency = (
      currency: string,
      count: number,
      open: string,
      weighted: string,
      overdue = 0,
    ) => ({
      currency,
      openOpportunities: count,
      openAmount: Number(open),
      weightedPipeline: Number(weighted),
      overdue: { opportunities: overdue, amount: overdue > 0 ? Number(open) : 0 },
      exact: { openAmount: open, weightedPipeline: weighted },
    });
    expect(pipeline).toEqual({
      currency: 'CNY',
      openOpportunities: 8,
      openAmount: 1424,
      weightedPipeline: 364.8,
      byCurrency: [
        inCurrency('CHF', 1, '777.00', '621.60', 1),
        inCurrency('CNY', 6, '1424.00', '364.80'),
        inCurrency('USD', 1, '500.00', '400.00'),
      ],
    });
  });

  it('D10: the largest amounts stay exact from the opening, through moves and a win, into the forecast (ADR 133)', async () => {
    const customerId = await register('Funnel at the limit');
    const period = '2027-05';
    const largest = 999_999_999_999_999n; // 9999999999999.99 CNY
    const limit = 10n ** 15n; // 10000000000000.00 CNY, the most one amount may be
    const opened = async (minor: bigint, stage: string) => {
      const opportunityId = uuidv7();
      await recorder.publish(
        'visits',
        'OpportunityOpened',
        opportunityId,
        customerId,
        {
          opportunityId,
          customerId,
          ownerId: owner,
          region: 'east',
          title: 'deal at the limit',
          amount: { minor: minor.toString(), currency: 'CNY' },
          expectedCloseDate: `${period}-20`,
          stage,
          winRate: 50,
          openedAt: new Date().toISOString(),
        },
        { version: 3 },
      );
      return opportunityId;
    };
    const open = await opened(largest, 'negotiation');
    // Moves and wins carry no amount: the funnel keeps the opening's.
    await recorder.publish(
      'visits',
      'OpportunityStageChanged',
      open,
      customerId,
      {
        opportunityId: open,
        customerId,
        fromStage: 'negotiation',
        toStage: 'commitment',
        direction: 'forward',
        winRate: 80,
        changedAt: new Date().toISOString(),
      },
      { version: 3 },
    );
    const won = await opened(limit, 'commitment');
    await recorder.publish(
      'visits',
      'OpportunityWon',
      won,
      customerId,
      {
        opportunityId: won,
        customerId,
        fromStage: 'commitment',
        winRate: 100,
        wonAt: `${period}-10T08:00:00.000Z`,
      },
      { version: 2 },
    );
    // Expected independently: 80% (the default commitment rate, as in the example above) of the
    // open amount, in minor units; 0.2 of a minor unit is left over, so it rounds down.
    const weighted = (largest * 80n) / 100n;
    const major = (minor: bigint) =>
      `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;
    const funnel = await eventually(
      async () => {
        const response = await call('GET', `/analytics/funnel?period=${period}`);
        const stages = response.body['stages'] as { stage: string; opportunities: number }[];
        const moved = stages.some((row) => row.stage === 'commitment' && row.opportunities === 1);
        return response.body['wonOpportunities'] === 1 && moved ? response.body : undefined;
      },
      { what: 'the funnel at the limit, the open one moved to commitment' },
    );
    // 7999999999999.99 weighted, 17999999999999.99 forecast, to the fen.
    expect(funnel['byCurrency']).toEqual([
      expect.objectContaining({
        currency: 'CNY',
        openOpportunities: 1,
        exact: {
          closedRevenue: major(limit),
          weightedPipeline: major(weighted),
          forecast: major(limit + weighted),
          openAmount: major(largest),
        },
      }),
    ]);
  });

  it('D4 and D7: visit compliance for a month and complaint KPIs', async () => {
    const month = '2026-11';
    const visitDone = async (customerId: string, day: string, channel: string) => {
      const visitId = uuidv7();
      await recorder.publish('visits', 'VisitPlanned', visitId, customerId, {
        visitId,
        customerId,
        repId: owner,
        region: 'east',
        plannedDate: day,
        timeZone: 'Asia/Shanghai',
        channel,
        purpose: 'review',
        plannedAt: new Date().toISOString(),
      });
      await recorder.publish('visits', 'VisitCompleted', visitId, customerId, {
        visitId,
        customerId,
        repId: owner,
        plannedDate: day,
        outcome: 'ok',
        feedbackScore: 4,
        progress: [],
        completedAt: `${day}T06:00:00.000Z`,
      });
      return visitId;
    };
    const report = async () =>
      (await call('GET', `/analytics/visit-compliance?month=${month}`)).body as {
        byTier: Record<string, { completed: number; required: number; customers: number }>;
      };
    // No tier run had ranked them when November began: each month follows its first tier, so
    // tiered[0] and tiered[1] are A (3 required each): tiered[0] had two completed visits.
    for (const day of ['2026-11-03', '2026-11-05'])
      await visitDone(tiered[0]!, day, 'face_to_face');
    const compliance = await eventually(
      async () => {
        const body = await report();
        return body.byTier['A']!.completed === 2 ? body : undefined;
      },
      { what: 'visit compliance' },
    );
    expect(compliance.byTier['A']).toMatchObject({ required: 6, completed: 2, customers: 2 });

    // A phone call replaces a C visit only (the counting rule the visits service's plan shares).
    const cBefore = compliance.byTier['C']!.completed;
    const callToA = await visitDone(tiered[0]!, '2026-11-06', 'phone');
    await visitDone(tiered[8]!, '2026-11-06', 'phone');
    const visits = await collectionOf('visits');
    const afterCalls = await eventually(
      async () => {
        const projected = await db()
          .collection<{ _id: string; status?: string }>(visits)
          .findOne({ _id: callToA });
        const body = await report();
        return projected?.status === 'completed' && body.byTier['C']!.completed === cBefore + 1
          ? body
          : undefined;
      },
      { what: 'the phone calls counted' },
    );
    expect(afterCalls.byTier['A']!.completed).toBe(2);

    const recordedAt = Date.parse('2026-11-20T00:00:00Z');
    const complaint = async (valid: boolean, hours: number) => {
      const complaintId = uuidv7();
      const at = (h: number) => new Date(recordedAt + h * 3_600_000).toISOString();
      const step = (h: number) => ({ complaintId, actorId: 'agent-1', at: at(h) });
      await recorder.publish('complaints', 'ComplaintRecorded', complaintId, tiered[1]!, {
        ...step(0),
        customerId: tiered[1],
        channel: 'phone',
        category: 'delivery',
        severity: 'high',
        description: 'late delivery',
        customerWords: 'late',
        firstResponseDue: at(4),
        resolutionDue: at(72),
      });
      if (!valid) {
        await recorder.publish('complaints', 'ComplaintRejected', complaintId, tiered[1]!, {
          ...step(1),
          reason: 'on time',
        });
        return;
      }
      await recorder.publish('complaints', 'ComplaintValidated', complaintId, tiered[1]!, step(1));
      await recorder.publish('complaints', 'ComplaintAssigned', complaintId, tiered[1]!, {
        ...step(2),
        department: 'logistics',
        handlerId: 'agent-2',
        causeAnalysis: 'carrier',
      });
      await recorder.publish(
        'complaints',
        'ResolutionImplemented',
        complaintId,
        tiered[1]!,
        step(hours),
      );
    };
    await complaint(true, 10);
    await complaint(true, 30);
    await complaint(false, 0);
    const kpis = await eventually(
      async () => {
        // All three complaints seen (three streams, so three partitions in no set order), and
        // the last one's rejection too: it may be applied a moment after its recording.
        const response = await call('GET', '/analytics/complaints/kpis');
        const overall = response.body['overall'] as {
          resolved: number;
          complaints: number;
          validityRate: number | null;
        };
        return overall.resolved === 2 && overall.complaints === 3 && overall.validityRate !== 1
          ? response.body
          : undefined;
      },
      { what: 'complaint KPIs' },
    );
    expect(kpis['overall']).toMatchObject({
      complaints: 3,
      open: 3,
      validityRate: 0.6667,
      slaBreachRate: 0,
      resolutionHours: { p50: 10, p90: 30 },
    });
    expect((kpis['byDepartment'] as Record<string, unknown>)['logistics']).toMatchObject({
      complaints: 2,
    });
    const view = await call('GET', `/analytics/customers/${tiered[1]}`);
    expect(view.body).toMatchObject({
      tier: 'B',
      openComplaints: expect.arrayContaining([expect.objectContaining({ severity: 'high' })]),
    });
  });

  it('rebuilds every projection from Kafka identical to the live one; every event delivered twice changes nothing', async () => {
    const projections = [
      'customer-360',
      'customer-facts',
      'customer-status',
      'satisfaction',
      'opportunities',
      'visits',
      'complaints',
      'engagement-greetings',
      'engagement-greeting-contacts',
      'engagement-follow-up-list',
      'engagement-contacts',
      'engagement-customer-owners',
      'engagement-customer-facts',
      'engagement-customer-tiers',
      'engagement-complaints',
      'customer-timeline',
    ];
    // Greetings planned by engagement (its own topic) for two contacts, one customer erased since.
    const greeted = await register('苏州祝福测试有限公司');
    const erased = await register('无锡擦除测试有限公司');
    const contactOf = async (customerId: string, name: string) => {
      const contactId = uuidv7();
      await recorder.publish('customers', 'ContactAdded', customerId, customerId, {
        customerId,
        contactId,
        contact: { name, birthday: '1980-03-14', timeZone: 'Asia/Shanghai' },
        addedAt: new Date().toISOString(),
      });
      return contactId;
    };
    await contactOf(greeted, '周婷');
    // A first purchase: engagement schedules the call after it (its own topic, the follow-up list).
    await purchase(greeted, 12_800, new Date());
    await eventually(
      async () => {
        const { body } = await call('GET', `/engagement/follow-ups?customerId=${greeted}`);
        const items = (body['items'] ?? []) as { reason: string }[];
        return items.some((item) => item.reason === 'first_purchase') ? true : undefined;
      },
      { what: 'the first-purchase follow-up in the list', timeoutMs: 30_000 },
    );
    await contactOf(erased, '吴磊');
    // A survey (D6): satisfaction reads it, and only it, from the customers topic.
    await recorder.publish('customers', 'SurveyAnswered', greeted, greeted, {
      customerId: greeted,
      surveyId: uuidv7(),
      answeredAt: new Date().toISOString(),
      questions: [
        { question: '您对交货速度满意吗？', score: 4 },
        { question: '售后服务态度如何？', score: 3 },
      ],
      nps: 8,
      source: 'web',
      externalReference: `SV-${greeted}`,
    });
    await recorder.publish('customers', 'CustomerErased', erased, erased, {
      customerId: erased,
      reason: 'data_subject_request',
      erasedAt: new Date().toISOString(),
    });
    for (const [customerId, status] of [
      [greeted, 'planned'],
      [erased, 'cancelled'],
    ] as const) {
      await eventually(
        async () => {
          const { body } = await call('GET', `/engagement/greetings?customerId=${customerId}`);
          const items = (body['items'] ?? []) as { occasion: { kind: string }; status: string }[];
          const birthday = items.find((item) => item.occasion.kind === 'birthday');
          return birthday?.status === status ? true : undefined;
        },
        { what: `a ${status} birthday greeting in the list`, timeoutMs: 30_000 },
      );
    }
    const snapshot = async (projection: string) => {
      const documents = await db()
        .collection(await collectionOf(projection))
        .find({})
        .sort({ _id: 1 })
        .toArray();
      // Normalised: without the projection timestamp, keys in a canonical order (the per-stream
      // checkpoints of a document fill in whatever order its topics interleaved).
      return JSON.stringify(
        documents.map(({ projectedAt: _projectedAt, ...rest }) => canonical(rest)),
      );
    };
    const snapshots = async () =>
      Object.fromEntries(
        await Promise.all(projections.map(async (p) => [p, await snapshot(p)] as const)),
      );
    const topicsOf: Record<string, string[]> = {
      'customer-360': [Topics.customers],
      'customer-facts': [Topics.customers],
      'customer-status': [Topics.analytics],
      satisfaction: [Topics.visits, Topics.complaints, Topics.engagement, Topics.customers],
      opportunities: [Topics.visits],
      visits: [Topics.visits],
      complaints: [Topics.complaints],
      'engagement-greetings': [Topics.engagement],
      'engagement-greeting-contacts': [Topics.customers],
      'engagement-follow-up-list': [Topics.engagement],
      // The consumer group that feeds engagement's directory projections.
      'engagement-inputs': [Topics.customers, Topics.visits, Topics.complaints, Topics.analytics],
      'customer-timeline': [
        Topics.customers,
        Topics.visits,
        Topics.complaints,
        Topics.analytics,
        Topics.engagement,
      ],
    };
    /** Every projection's consumer group has committed everything on its topics. */
    const settled = async () => {
      // Analytics' own events (a tier run's changes, say) reach its topic through its outbox: a
      // backlog there would land after the snapshot, in the live models and in no snapshot.
      await eventually(
        async () =>
          (await unpublishedCommits(db(), 'analytics')) === 0 &&
          (await unpublishedCommits(db(), 'engagement', ENGAGEMENT_COMMITS)) === 0
            ? true
            : undefined,
        { what: 'the outboxes to publish everything', timeoutMs: 30_000, intervalMs: 200 },
      );
      await consumerGroupsCaughtUp(
        suffix,
        Object.entries(topicsOf).map(([projection, topics]) => ({
          groupId: `${env.CONSUMER_GROUP_PREFIX}.analytics.${projection}`,
          topics,
        })),
        { what: 'every consumer to catch up', timeoutMs: 30_000 },
      );
      return snapshots();
    };
    const live = await settled();
    // The survey is in, as one score (the mean of 4 and 3) with its NPS, and no gap was marked.
    expect(
      (await readModel(await collectionOf('satisfaction')).findOne({ _id: `${greeted}:customers` }))
        ?.scores,
    ).toEqual([expect.objectContaining({ source: 'survey', value: 3.5, nps: 8 })]);

    // Engagement's directory: the greeted contact with its birthday, the erased one unreadable.
    const directoryContacts = await db()
      .collection(await collectionOf('engagement-contacts'))
      .find({ customerId: { $in: [greeted, erased] } })
      .toArray();
    expect(
      directoryContacts
        .map(({ customerId, name, birthday, removed }) => ({ customerId, name, birthday, removed }))
        .sort((a, b) => (a.customerId === greeted ? -1 : b.customerId === greeted ? 1 : 0)),
    ).toEqual([
      { customerId: greeted, name: '周婷', birthday: '1980-03-14', removed: false },
      { customerId: erased, name: '[erased]', birthday: undefined, removed: true },
    ]);

    await recorder.replayAll();
    const afterDuplicates = await settled();
    expect(afterDuplicates).toEqual(live);

    const unknown = await call('POST', '/analytics/admin/projections/rebuild', {
      projections: ['nope'],
    });
    expect(unknown).toMatchObject({
      status: 404,
      body: { type: 'urn:crm:problem:projection-not-found' },
    });
    const noTier = await call('GET', `/analytics/customers/${uuidv7()}/tiers`);
    expect(noTier).toMatchObject({
      status: 404,
      body: { type: 'urn:crm:problem:tier-history-not-found' },
    });

    const rebuilt = await call('POST', '/analytics/admin/projections/rebuild', {});
    expect(rebuilt.status).toBe(200);
    expect(
      (rebuilt.body['rebuilt'] as { projection: string }[]).map((r) => r.projection).sort(),
    ).toEqual([...projections].sort());
    expect(await snapshots()).toEqual(live);
    // The swapped-in collections keep receiving live events.
    const customerId = await register('After rebuild');
    await eventually(
      async () => {
        const response = await call('GET', `/analytics/customers/${customerId}`);
        return response.status === 200 ? true : undefined;
      },
      { what: 'the 360 view after the swap' },
    );
  });
});
