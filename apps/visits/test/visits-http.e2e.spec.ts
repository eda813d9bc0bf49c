import { uniqueSuffix, eventually, undocumentedIn } from '@crm/testing';
import { CATCH_UP_MS, caller, thisMonth, today, visitsEnv, visitsSuite } from './visits-test-kit';

/** Acceptance 4: illegal transitions are 409 naming the current state; bad input is a 4xx problem. */
describe('visits over HTTP: lifecycle, refusals and who may see what', () => {
  const suffix = uniqueSuffix();
  const env = visitsEnv(suffix);
  const region = `west-${suffix}`;
  const rep = `rep-${suffix}`;
  let customerId: string;

  const suite = visitsSuite(suffix, env, { tap: false });

  beforeAll(async () => {
    customerId = await suite.upstream.registerCustomer({ ownerId: rep, region });
  });

  const service = () => suite.visits;
  const commitCount = () =>
    suite.mongo.db(env.MONGODB_DATABASE).collection('event_commits').countDocuments({});
  const planVisit = async (overrides: Record<string, unknown> = {}) => {
    const client = await caller(service, { sub: rep, roles: ['sales_rep'] });
    return eventually(
      async () => {
        const response = await client.post('/visits', {
          customerId,
          plannedDate: today(),
          channel: 'face_to_face',
          purpose: 'Review',
          ...overrides,
        });
        return response.status === 201 ? response : undefined;
      },
      { timeoutMs: CATCH_UP_MS, what: 'the customer known and the visit planned' },
    );
  };

  it('plans, reschedules and completes a visit, with ETags, and refuses a stale If-Match with 412', async () => {
    const client = await caller(service, { sub: rep, roles: ['sales_rep'] });
    const planned = await planVisit();
    expect(planned.headers.get('etag')).toBe('"1"');
    const id = planned.body['visitId'] as string;
    expect(planned.headers.get('location')).toBe(`/visits/${id}`);

    const later = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const moved = await client.post(
      `/visits/${id}/reschedule`,
      { plannedDate: later, reason: 'Customer travelling' },
      { 'if-match': '"1"' },
    );
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe('"2"');

    const stale = await client.post(
      `/visits/${id}/complete`,
      { outcome: 'x', feedbackScore: 4 },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);

    // A visit happens on its day: completing it two days early is refused.
    const early = await client.post(`/visits/${id}/complete`, { outcome: 'x', feedbackScore: 4 });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      type: 'urn:crm:problem:visit-not-yet-due',
      plannedDate: later,
    });
    expect(
      (await client.post(`/visits/${id}/reschedule`, { plannedDate: today(), reason: 'Earlier' }))
        .status,
    ).toBe(200);

    const done = await client.post(`/visits/${id}/complete`, {
      outcome: 'Trial agreed',
      feedbackScore: 5,
      progress: ['trial_agreed'],
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', version: 4 });
    expect((await client.get(`/visits/${id}`)).body).toMatchObject({
      status: 'completed',
      plannedDate: today(),
      feedbackScore: 5,
      progress: ['trial_agreed'],
    });

    const again = await client.post(`/visits/${id}/cancel`, { reason: 'late' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ currentState: 'completed', allowed: [] });

    // Each answer is as the service's OpenAPI document describes it.
    const url = suite.visits.url;
    expect(await undocumentedIn(url, 'POST', '/visits', planned)).toEqual([]);
    expect(await undocumentedIn(url, 'POST', '/visits/{id}/reschedule', moved)).toEqual([]);
    expect(await undocumentedIn(url, 'POST', '/visits/{id}/complete', done)).toEqual([]);
    const read = await client.get(`/visits/${id}`);
    expect(await undocumentedIn(url, 'GET', '/visits/{id}', read)).toEqual([]);
    // The check can fail: an answer missing a documented field is named.
    const { status: _, ...withoutStatus } = read.body;
    expect(
      await undocumentedIn(url, 'GET', '/visits/{id}', { ...read, body: withoutStatus }),
    ).toEqual(["/ must have required property 'status'"]);
  });

  it('completing a cancelled visit is 409 naming the state "cancelled"', async () => {
    const client = await caller(service, { sub: rep, roles: ['sales_rep'] });
    const id = (await planVisit()).body['visitId'] as string;
    expect(
      (await client.post(`/visits/${id}/cancel`, { reason: 'Customer closed for inventory' }))
        .status,
    ).toBe(200);
    const refused = await client.post(`/visits/${id}/complete`, { outcome: 'x', feedbackScore: 3 });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: 'urn:crm:problem:visit-illegal-transition',
      status: 409,
      currentState: 'cancelled',
      code: 'VISIT_ILLEGAL_TRANSITION',
    });
  });

  it('Idempotency-Key: the same plan request twice is one visit', async () => {
    const client = await caller(service, { sub: rep, roles: ['sales_rep'] });
    await planVisit();
    const key = `plan-${uniqueSuffix()}`;
    const body = { customerId, plannedDate: today(), channel: 'phone', purpose: 'Follow-up' };
    const first = await client.post('/visits', body, { 'idempotency-key': key });
    const second = await client.post('/visits', body, { 'idempotency-key': key });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
  });

  describe('bad input: 4xx problem+json naming the fields, nothing stored', () => {
    const cases: [string, string, string, unknown, number, string[]][] = [
      [
        'missing fields',
        'POST',
        '/visits',
        {},
        400,
        ['customerId', 'plannedDate', 'channel', 'purpose'],
      ],
      [
        'wrong values',
        'POST',
        '/visits',
        {
          customerId: 'c',
          plannedDate: '2026-02-30',
          channel: 'pigeon',
          purpose: 'x',
          timeZone: 'Mars/Olympus',
        },
        400,
        ['plannedDate', 'channel', 'timeZone'],
      ],
      [
        'an unknown field',
        'POST',
        '/visits',
        { customerId: 'c', plannedDate: '2026-12-01', channel: 'phone', purpose: 'x', tier: 'A' },
        400,
        ['tier'],
      ],
      [
        'feedback out of 1–5 and an unknown progress item',
        'POST',
        '/visits/01937a1f-2222-7000-8000-000000000001/complete',
        { outcome: 'x', feedbackScore: 6, progress: ['signed_in_blood'] },
        400,
        ['feedbackScore', 'progress.0'],
      ],
      ['a visit id that is not one', 'POST', '/visits/nope/cancel', { reason: 'x' }, 400, []],
      [
        'a reschedule without a date',
        'POST',
        '/visits/01937a1f-2222-7000-8000-000000000001/reschedule',
        {},
        400,
        ['plannedDate'],
      ],
      [
        'an opportunity with a negative amount and an unknown stage',
        'POST',
        '/opportunities',
        {
          customerId: 'c',
          title: 't',
          amount: -5,
          expectedCloseDate: '2027-01-01',
          stage: 'dreaming',
        },
        400,
        ['amount', 'stage'],
      ],
      [
        'an opportunity whose amount is text, not a decimal',
        'POST',
        '/opportunities',
        { customerId: 'c', title: 't', amount: '12,50', expectedCloseDate: '2027-01-01' },
        400,
        ['amount'],
      ],
      [
        'an opportunity in a currency that is not one',
        'POST',
        '/opportunities',
        {
          customerId: 'c',
          title: 't',
          amount: 5,
          currency: 'XYZ',
          expectedCloseDate: '2027-01-01',
        },
        400,
        ['currency'],
      ],
      [
        'a bad stage move',
        'POST',
        '/opportunities/01937a1f-2222-7000-8000-000000000001/stage',
        { stage: 'maybe' },
        400,
        ['stage'],
      ],
      [
        'a list filter that is not one',
        'GET',
        `/visits?month=2026-1&status=lost&limit=501`,
        undefined,
        400,
        ['month', 'status', 'limit'],
      ],
      [
        'an unknown customer',
        'POST',
        '/visits',
        { customerId: 'nobody', plannedDate: '2026-12-01', channel: 'phone', purpose: 'x' },
        422,
        [],
      ],
      [
        'an unknown visit',
        'POST',
        '/visits/01937a1f-2222-7000-8000-000000000001/cancel',
        { reason: 'x' },
        404,
        [],
      ],
    ];

    it.each(cases)('%s', async (_, method, path, body, status, fields) => {
      const client = await caller(service, { sub: rep, roles: ['sales_rep'] });
      const before = await commitCount();
      const response = method === 'GET' ? await client.get(path) : await client.post(path, body);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const reported = ((response.body['errors'] ?? []) as { field: string }[]).map(
        (error) => error.field,
      );
      for (const field of fields) expect(reported).toContain(field);
      expect(await commitCount()).toBe(before);
    });
  });

  it('shows a visit to its rep, the region manager and admins only', async () => {
    const id = (await planVisit()).body['visitId'] as string;
    const see = async (claims: Parameters<typeof caller>[1]) =>
      (await (await caller(service, claims)).get(`/visits/${id}`)).status;
    expect(await see({ sub: rep, roles: ['sales_rep'] })).toBe(200);
    expect(await see({ sub: `boss-${suffix}`, roles: ['sales_manager'], region })).toBe(200);
    expect(await see({ sub: `admin-${suffix}`, roles: ['admin'] })).toBe(200);
    expect(await see({ sub: `other-${suffix}`, roles: ['sales_rep'] })).toBe(404);
    expect(
      await see({ sub: `boss-${suffix}`, roles: ['sales_manager'], region: 'elsewhere' }),
    ).toBe(404);
    expect(await see({ sub: `analyst-${suffix}`, roles: ['analyst'] })).toBe(403);

    const other = await caller(service, { sub: `other-${suffix}`, roles: ['sales_rep'] });
    expect((await other.post(`/visits/${id}/cancel`, { reason: 'mine now' })).status).toBe(404);
    const hijack = await other.post('/visits', {
      customerId,
      plannedDate: today(),
      channel: 'phone',
      purpose: 'x',
    });
    // Another rep's customer answers as an unknown one: nothing tells them apart (no owner named).
    expect(hijack.status).toBe(422);
    expect(JSON.stringify(hijack.body)).not.toContain(`rep-${suffix}`);
    expect((await other.get(`/visits?customerId=${customerId}`)).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('lists visits with filters and cursor pagination', async () => {
    const client = await caller(service, { sub: rep, roles: ['sales_rep'] });
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1)
      ids.push((await planVisit({ purpose: `Paged ${index}` })).body['visitId'] as string);
    const all = await eventually(
      async () => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await client.get(
            `/visits?customerId=${customerId}&month=${thisMonth()}&status=planned&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(page.status).toBe(200);
          const items = page.body['items'] as { visitId: string; status: string }[];
          expect(await undocumentedIn(suite.visits.url, 'GET', '/visits', page)).toEqual([]);
          expect(items.length).toBeLessThanOrEqual(2);
          seen.push(...items.map((item) => item.visitId));
          cursor = page.body['nextCursor'] as string | null;
        } while (cursor);
        return ids.every((id) => seen.includes(id)) ? seen : undefined;
      },
      { what: 'the planned visits listed' },
    );
    expect(new Set(all).size).toBe(all.length);
  });

  it('serves health (Kafka, MongoDB, Redis) and an OpenAPI document with the contract paths', async () => {
    const ready = await fetch(`${suite.visits.url}/health/ready`);
    expect(ready.status).toBe(200);
    const openapi = (await (await fetch(`${suite.visits.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/visits',
        '/visits/{id}/complete',
        '/visits/{id}/cancel',
        '/visits/{id}/reschedule',
        '/visit-plans/{month}',
        '/opportunities',
        '/opportunities/{id}/stage',
      ]),
    );
  });
});
