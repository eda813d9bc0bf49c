import { Topics } from '@crm/contracts';
import { eventually, uniqueSuffix, expectRebuildEqualsLive } from '@crm/testing';

import { CATCH_UP_MS, caller, today, visitsEnv, visitsSuite } from './visits-test-kit';

/**
 * Acceptance 3: opportunities move forward only, unless a reason is given for moving back; won and
 * lost are final; every move is an event carrying the stage's (configured) win rate at that time.
 */
describe('opportunities and the funnel (D10)', () => {
  const suffix = uniqueSuffix();
  // Proposal at 35% instead of the default 30%: the rate comes from configuration.
  const env = visitsEnv(suffix, { OPPORTUNITY_STAGE_WIN_RATES: '5,10,20,35,50,80' });
  const region = `south-${suffix}`;
  const rep = `rep-${suffix}`;
  let customerId: string;

  const suite = visitsSuite(suffix, env);

  beforeAll(async () => {
    customerId = await suite.upstream.registerCustomer({ ownerId: rep, region });
  });

  const asRep = () => caller(() => suite.visits, { sub: rep, roles: ['sales_rep'] });
  const open = async (overrides: Record<string, unknown> = {}) => {
    const client = await asRep();
    return eventually(
      async () => {
        const response = await client.post('/opportunities', {
          customerId,
          title: 'Packaging line upgrade',
          amount: 120_000,
          expectedCloseDate: '2027-03-31',
          ...overrides,
        });
        return response.status === 201 ? (response.body['opportunityId'] as string) : undefined;
      },
      { timeoutMs: CATCH_UP_MS, what: 'the customer known and the opportunity opened' },
    );
  };
  const eventsOf = (subject: string, count: number) =>
    suite.tap
      .waitFor((r) => r.value['subject'] === subject, { count })
      .then((records) =>
        records
          .sort((x, y) => Number(x.value['sequence']) - Number(y.value['sequence']))
          .map((r) => ({
            type: r.value['type'],
            customerid: r.value['customerid'],
            data: r.value['data'] as Record<string, unknown>,
          })),
      );

  it('moves forward freely, back only with a reason, is final once won, and publishes every move with its win rate', async () => {
    const client = await asRep();
    const id = await open();
    const stage = (body: Record<string, unknown>, headers?: Record<string, string>) =>
      client.post(`/opportunities/${id}/stage`, body, headers);

    const forward = await stage({ stage: 'proposal' });
    expect(forward.status).toBe(200);
    expect(forward.body).toMatchObject({ stage: 'proposal', winRate: 35, status: 'open' });
    expect(forward.headers.get('etag')).toBe('"2"');

    const back = await stage({ stage: 'qualified' });
    expect(back.status).toBe(409);
    expect(back.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(back.body).toMatchObject({
      type: 'urn:crm:problem:opportunity-backward-without-reason',
      currentState: 'proposal',
    });

    const stale = await stage({ stage: 'negotiation' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);

    expect(
      (await stage({ stage: 'qualified', reason: 'Budget frozen until Q2' }, { 'if-match': '"2"' }))
        .body,
    ).toMatchObject({
      stage: 'qualified',
      winRate: 10,
    });
    expect((await stage({ stage: 'won' })).body).toMatchObject({ status: 'won', winRate: 100 });

    for (const target of ['negotiation', 'lost', 'won']) {
      const refused = await stage({ stage: target, reason: 'try again' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        type: 'urn:crm:problem:opportunity-closed',
        currentState: 'won',
      });
    }

    expect(await eventsOf(id, 4)).toEqual([
      {
        type: 'crm.visits.OpportunityOpened.v3',
        customerid: customerId,
        data: expect.objectContaining({ stage: 'lead', winRate: 5 }),
      },
      {
        type: 'crm.visits.OpportunityStageChanged.v3',
        customerid: customerId,
        data: expect.objectContaining({
          fromStage: 'lead',
          toStage: 'proposal',
          direction: 'forward',
          winRate: 35,
        }),
      },
      {
        type: 'crm.visits.OpportunityStageChanged.v3',
        customerid: customerId,
        data: expect.objectContaining({
          fromStage: 'proposal',
          toStage: 'qualified',
          direction: 'backward',
          winRate: 10,
          // The reason is free text about the customer: it travels sealed (ADR 90).
          sealed: expect.objectContaining({ kid: `visits/${customerId}` }),
        }),
      },
      {
        type: 'crm.visits.OpportunityWon.v2',
        customerid: customerId,
        data: expect.objectContaining({ fromStage: 'qualified', winRate: 100 }),
      },
    ]);
    const commits = await suite.mongo
      .db(env.MONGODB_DATABASE)
      .collection('event_commits')
      .countDocuments({ stream: id });
    expect(commits).toBe(4);
  });

  it('refuses an amount with more decimals than its currency has (422 naming amount), and stores nothing', async () => {
    const client = await asRep();
    const before = await suite.mongo
      .db(env.MONGODB_DATABASE)
      .collection('event_commits')
      .countDocuments();
    for (const [amount, currency] of [
      [1200.005, 'CNY'],
      ['1200.005', 'CNY'],
      [120_000.5, 'JPY'],
    ] as const) {
      const refused = await client.post('/opportunities', {
        customerId,
        title: 'Fractional deal',
        amount,
        currency,
        expectedCloseDate: '2027-03-31',
      });
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        code: 'OPPORTUNITY_AMOUNT_INVALID',
        problem: 'too_many_decimals',
        errors: [expect.objectContaining({ field: 'amount' })],
      });
    }
    expect(
      await suite.mongo.db(env.MONGODB_DATABASE).collection('event_commits').countDocuments(),
    ).toBe(before);
    const yen = await open({ amount: 120_000, currency: 'JPY', title: '円建て案件' });
    const [opened] = await eventsOf(yen, 1);
    expect(opened).toMatchObject({ data: { amount: { minor: '120000', currency: 'JPY' } } });
    expect(opened!.data).not.toHaveProperty('currency');
  });

  it('keeps the largest amount exact as a decimal string: on the event, in the list and in the detail (ADR 133)', async () => {
    const client = await asRep();
    const refused = await client.post('/opportunities', {
      customerId,
      title: 'Beyond the limit',
      amount: '10000000000000.01',
      currency: 'CNY',
      expectedCloseDate: '2027-03-31',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      problem: 'over_limit',
      errors: [expect.objectContaining({ field: 'amount' })],
    });
    const id = await open({ amount: '9999999999999.99', currency: 'CNY', title: 'Largest deal' });
    expect((await client.post(`/opportunities/${id}/stage`, { stage: 'proposal' })).status).toBe(
      200,
    );
    const [opened, moved] = await eventsOf(id, 2);
    expect(opened!.data['amount']).toEqual({ minor: '999999999999999', currency: 'CNY' });
    // The amount is the opening's: a move does not repeat it.
    expect(moved!.data).not.toHaveProperty('amount');
    const listed = await eventually(
      async () => {
        const list = await client.get(`/opportunities?customerId=${customerId}&stage=proposal`);
        const items = list.body['items'] as { opportunityId: string }[];
        return items.find((item) => item.opportunityId === id);
      },
      { what: 'the largest opportunity listed' },
    );
    expect(listed).toMatchObject({
      amount: '9999999999999.99',
      currency: 'CNY',
      stage: 'proposal',
    });
    expect((await client.get(`/opportunities/${id}`)).body).toMatchObject({
      amount: '9999999999999.99',
      currency: 'CNY',
      version: 2,
    });
    const stored = await suite.mongo
      .db(env.MONGODB_DATABASE)
      .collection<{ _id: string }>('opportunity_views')
      // At rest as int64: read back as a bigint, not a double.
      .findOne({ _id: id }, { useBigInt64: true });
    expect(stored).toMatchObject({ amountMinor: 999_999_999_999_999n, currency: 'CNY' });
  });

  it('refuses to move a lost opportunity, naming its state; losing needs a reason', async () => {
    const client = await asRep();
    const id = await open({ stage: 'needs_analysis' });
    const noReason = await client.post(`/opportunities/${id}/stage`, { stage: 'lost' });
    expect(noReason.status).toBe(409);
    expect(
      (
        await client.post(`/opportunities/${id}/stage`, {
          stage: 'lost',
          reason: 'Competitor 15% cheaper',
        })
      ).body,
    ).toMatchObject({
      status: 'lost',
      winRate: 0,
    });
    const moved = await client.post(`/opportunities/${id}/stage`, { stage: 'proposal' });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ currentState: 'lost', code: 'OPPORTUNITY_CLOSED' });
    const [, lost] = await eventsOf(id, 2);
    expect(lost).toMatchObject({
      type: 'crm.visits.OpportunityLost.v3',
      data: { winRate: 0, reason: '[erased]', sealed: { kid: `visits/${customerId}` } },
    });
  });

  it('lets the progress of a completed visit move its opportunity forward, once, as an event naming the visit', async () => {
    const client = await asRep();
    const id = await open();
    const planned = await client.post('/visits', {
      customerId,
      plannedDate: today(),
      channel: 'face_to_face',
      purpose: 'Demo',
      opportunityId: id,
    });
    expect(planned.status).toBe(201);
    const visitId = planned.body['visitId'] as string;
    const completed = await client.post(`/visits/${visitId}/complete`, {
      outcome: 'Demo agreed with the plant manager',
      feedbackScore: 4,
      progress: ['met_higher_decider', 'demo_agreed'],
    });
    expect(completed.status).toBe(200);
    const [, advanced] = await eventsOf(id, 2);
    expect(advanced).toMatchObject({
      type: 'crm.visits.OpportunityStageChanged.v3',
      data: {
        fromStage: 'lead',
        toStage: 'needs_analysis',
        winRate: 20,
        cause: { visitId, progress: 'demo_agreed' },
      },
    });
    const listed = await eventually(
      async () => {
        const list = await client.get(
          `/opportunities?customerId=${customerId}&stage=needs_analysis`,
        );
        const items = list.body['items'] as { opportunityId: string }[];
        return items.some((item) => item.opportunityId === id) ? items : undefined;
      },
      { what: 'the opportunity listed at its new stage' },
    );
    expect(listed.find((item) => item.opportunityId === id)).toMatchObject({
      winRate: 20,
      status: 'open',
    });
    expect((await client.get(`/opportunities/${id}`)).body).toMatchObject({
      stage: 'needs_analysis',
      version: 2,
    });
  });

  it('rebuilds every visits read model from Kafka identical to the live one, moving no opportunity twice', async () => {
    const client = await asRep();
    const other = await suite.upstream.registerCustomer({
      ownerId: rep,
      region,
      name: '杭州莲花贸易有限公司',
    });
    await suite.upstream.changeTier(other, null, 'A');
    const id = await open({ title: '包装线升级改造项目' });
    const planned = await client.post('/visits', {
      customerId,
      plannedDate: today(),
      channel: 'face_to_face',
      purpose: '演示新包装线',
      opportunityId: id,
    });
    expect(planned.status).toBe(201);
    const completed = await client.post(`/visits/${planned.body['visitId'] as string}/complete`, {
      outcome: '工厂经理同意安排演示',
      feedbackScore: 5,
      progress: ['met_higher_decider', 'demo_agreed'],
    });
    expect(completed.status).toBe(200);
    // The visit's progress moved the opportunity (a live side effect): one more event.
    await eventsOf(id, 2);
    const admin = await caller(() => suite.visits, { sub: `admin-${suffix}`, roles: ['admin'] });
    const live = await expectRebuildEqualsLive({
      db: () => suite.mongo.db(env['MONGODB_DATABASE']),
      service: 'visits',
      suffix,
      consumerGroupPrefix: env['CONSUMER_GROUP_PREFIX']!,
      projections: [
        { name: 'visit-views', collection: 'visit_views', topics: [Topics.visits] },
        { name: 'opportunity-views', collection: 'opportunity_views', topics: [Topics.visits] },
        { name: 'customer-directory', collection: 'visit_customers', topics: [Topics.customers] },
        { name: 'customer-tiers', collection: 'visit_customer_tiers', topics: [Topics.analytics] },
      ],
      rebuild: (body) => admin.post('/visits/admin/projections/rebuild', body),
    });
    // Checked against the traffic, so a rebuild of empty models cannot pass.
    expect(live['opportunity-views']!.find((view) => view['_id'] === id)).toMatchObject({
      title: '包装线升级改造项目',
      stage: 'needs_analysis',
    });
    expect(
      live['visit-views']!.find((view) => view['_id'] === planned.body['visitId']),
    ).toMatchObject({
      purpose: '演示新包装线',
      outcome: '工厂经理同意安排演示',
      status: 'completed',
    });
    expect(live['customer-directory']!.find((customer) => customer['_id'] === other)).toMatchObject(
      {
        name: '杭州莲花贸易有限公司',
      },
    );
    expect(live['customer-tiers']!.find((tiers) => tiers['_id'] === other)).toMatchObject({
      history: [expect.objectContaining({ tier: 'A' })],
    });
    // A rebuild has no side effects: the opportunity was moved once, by the live projection.
    expect((await client.get(`/opportunities/${id}`)).body).toMatchObject({ version: 2 });
    // Lists read the swapped-in collections, which keep receiving live events.
    const later = await open({ title: '重建之后的新商机' });
    await eventually(
      async () => {
        const list = await client.get(`/opportunities?customerId=${customerId}`);
        const items = list.body['items'] as { opportunityId: string }[];
        return items.some((item) => item.opportunityId === later) ? true : undefined;
      },
      { what: 'the opportunity opened after the swap in the list' },
    );
    expect((await client.post('/visits/admin/projections/rebuild', {})).status).toBe(403);
  }, 180_000);
});
