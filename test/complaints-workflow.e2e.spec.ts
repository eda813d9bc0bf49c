import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry, Topics } from '@crm/contracts';
import {
  eventually,
  serviceEnv,
  signToken,
  TopicTap,
  testTopic,
  uniqueSuffix,
  callJson,
  removeJobQueues,
  undocumentedIn,
  UpstreamFeed,
  type RunningService,
  expectRebuildEqualsLive,
} from '@crm/testing';
import {
  allowedSteps,
  COMPLAINT_STATUSES,
  COMPLAINT_STEPS,
  type ComplaintStatus,
  type ComplaintStep,
} from '@crm/contracts';
import { HAPPY_PATH_EVENTS } from '@apps/complaints/test/complaint.fixtures';
import { expectProblem, knownToComplaints, startComplaints } from './service-support';

const suffix = uniqueSuffix();
/** Long enough for four commands on a slow CI runner to land inside the window. */
const REOPEN_WINDOW_MS = 5000;
const env = serviceEnv('complaints', suffix, {
  JOBS_PREFIX: `test-${suffix}`,
  COMPLAINT_REOPEN_WINDOW: `${REOPEN_WINDOW_MS}ms`,
  COMPLAINT_APPROVAL_COST_THRESHOLD: '10000',
  COMPLAINT_HIGHER_APPROVER_ROLE: 'admin',
});

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A valid body for each step; `[step, body]` pairs walk the workflow. */
const bodies = {
  validate: { wellFounded: true, note: 'Delivery records confirm it.' },
  reject: { wellFounded: false, reason: 'Delivered on the agreed date; receipt attached.' },
  assign: {
    department: 'logistics',
    handlerId: 'agent-2',
    causeAnalysis: 'Carrier rerouted the truck.',
  },
  propose: { plan: 'replace', description: 'Replace the 3 crushed cartons.', cost: 1800 },
  proposeExpensive: { plan: 'refund', description: 'Refund the whole order.', cost: 25_000 },
  sendBack: { reason: 'Add an apology letter.' },
  notify: { channel: 'phone' },
  agree: { agreed: true },
  disagree: { agreed: false, comment: 'We want a refund.' },
  implement: { note: 'Replacement signed for.' },
  accountability: { responsiblePerson: 'carrier', actionTaken: 'none' },
  close: { satisfaction: 4, summary: 'Confirm carrier routes before dispatch.' },
  reopen: { reason: 'A replacement carton was damaged too.' },
};

type Walk = readonly (readonly [ComplaintStep, Json])[];
const happyPath: Walk = [
  ['validate', bodies.validate],
  ['assign', bodies.assign],
  ['propose', bodies.propose],
  ['approve', {}],
  ['notify-customer', bodies.notify],
  ['customer-response', bodies.agree],
  ['implement', bodies.implement],
  ['accountability', bodies.accountability],
  ['close', bodies.close],
];
const upTo = (count: number): Walk => happyPath.slice(0, count);

const walkTo: Record<ComplaintStatus, Walk> = {
  recorded: [],
  validated: upTo(1),
  rejected: [['validate', bodies.reject]],
  assigned: upTo(2),
  resolution_proposed: upTo(3),
  sent_back: [...upTo(3), ['send-back', bodies.sendBack]],
  resolution_approved: upTo(4),
  customer_notified: upTo(5),
  customer_disagreed: [...upTo(5), ['customer-response', bodies.disagree]],
  customer_agreed: upTo(6),
  implemented: upTo(7),
  accountability_recorded: upTo(8),
  closed: upTo(9),
  reopened: [...upTo(9), ['reopen', bodies.reopen]],
};

/** Any valid body for a step (an illegal step must be refused for its state, not its body). */
const bodyFor: Record<ComplaintStep, Json> = {
  validate: bodies.validate,
  assign: bodies.assign,
  propose: bodies.propose,
  approve: {},
  'send-back': bodies.sendBack,
  'notify-customer': bodies.notify,
  'customer-response': bodies.agree,
  implement: bodies.implement,
  accountability: bodies.accountability,
  close: bodies.close,
  reopen: bodies.reopen,
};

describe('complaints over HTTP and Kafka (D7)', () => {
  let service: RunningService;
  let tap: TopicTap;
  let mongo: MongoClient;
  let feed: UpstreamFeed;
  /** A customer registered on the customers topic (ADR 141); each list test takes its own. */
  let customer: string;
  const tokens: Record<'agent' | 'supervisor' | 'admin' | 'analyst', string> = {
    agent: '',
    supervisor: '',
    admin: '',
    analyst: '',
  };

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    tap = await new TopicTap(testTopic(suffix, Topics.complaints)).open();
    feed = new UpstreamFeed(suffix, { origin: 'complaints-workflow' });
    await feed.connect();
    service = await startComplaints(env);
    customer = await aCustomer();
    tokens.agent = await signToken({ sub: `agent-${suffix}`, roles: ['service_agent'] });
    tokens.supervisor = await signToken({ sub: `supervisor-${suffix}`, roles: ['supervisor'] });
    tokens.admin = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    tokens.analyst = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
  });

  afterAll(async () => {
    await Promise.allSettled([service?.stop(), tap?.close(), feed?.disconnect()]);
    // The long (default) SLA timers of this run's complaints would otherwise wait in Redis for days.
    await removeJobQueues(env.REDIS_URL, `test-${suffix}`, ['complaint-sla']);
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  const send = (
    method: string,
    path: string,
    body?: unknown,
    as: keyof typeof tokens = 'agent',
    headers: Record<string, string> = {},
  ) => callJson(service.url, method, path, { token: tokens[as], body, headers });

  /** A new customer, registered by the customers service and known to complaints. */
  const aCustomer = async (): Promise<string> => {
    const customerId = uuidv7();
    await feed.registerCustomer(customerId);
    await knownToComplaints(env.MONGODB_DATABASE, [customerId]);
    return customerId;
  };

  const recordOne = async (overrides: Json = {}) => {
    const response = await send('POST', '/complaints', {
      customerId: customer,
      channel: 'phone',
      category: 'delivery',
      severity: 'high',
      description: 'Second delivery two weeks late, 3 cartons crushed.',
      customerWords: 'This is the second time this quarter.',
      contact: { name: 'Wang Li', phone: '+86 571 8888 0000' },
      ...overrides,
    });
    expect(response.status).toBe(201);
    expect(await undocumentedIn(service.url, 'POST', '/complaints', response)).toEqual([]);
    return response.body as { complaintId: string; version: number };
  };

  const step = (
    id: string,
    name: ComplaintStep,
    body: Json,
    headers: Record<string, string> = {},
  ) =>
    send(
      'POST',
      `/complaints/${id}/${name}`,
      body,
      name === 'approve' || name === 'send-back' ? 'supervisor' : 'agent',
      headers,
    );

  const walk = async (id: string, steps: Walk) => {
    for (const [name, body] of steps) {
      const response = await step(id, name, body);
      expect([name, response.status, response.body]).toEqual([name, 200, expect.any(Object)]);
      // Each step answers as the service's OpenAPI document says.
      expect(
        await undocumentedIn(service.url, 'POST', `/complaints/{id}/${name}`, response),
      ).toEqual([]);
    }
  };

  const published = (complaintId: string, count: number) =>
    tap.waitFor((record) => record.value['subject'] === complaintId, { count });

  it('runs the happy path end to end: events in D7 order with gap-free sequence, the timeline on GET', async () => {
    const customerId = await aCustomer();
    const { complaintId } = await recordOne({ customerId });
    await walk(complaintId, happyPath);

    const records = await published(complaintId, 10);
    expect(records.map((record) => record.value['type'])).toEqual(
      HAPPY_PATH_EVENTS.map((name) => eventRegistry.typeOf('complaints', name)),
    );
    expect(records.map((record) => record.value['sequence'])).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    for (const record of records) {
      expect(record.key).toBe(customerId);
      expect(record.value).toMatchObject({
        customerid: customerId,
        subject: complaintId,
        source: 'crm/complaints',
      });
    }
    expect(records[4]!.value['actorid']).toBe(`supervisor-${suffix}`);
    expect(records[1]!.value['actorid']).toBe(`agent-${suffix}`);

    const view = await send('GET', `/complaints/${complaintId}`, undefined, 'analyst');
    expect(view.status).toBe(200);
    expect(view.headers.get('etag')).toBe('"10"');
    expect(view.body).toMatchObject({
      complaintId,
      customerId,
      status: 'closed',
      department: 'logistics',
      dueToAct: null,
    });
    expect((view.body['timeline'] as Json[]).map((entry) => entry['sequence'])).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await undocumentedIn(service.url, 'GET', '/complaints/{id}', view)).toEqual([]);

    const listed = await eventually(
      async () => {
        const list = await send(
          'GET',
          `/complaints?customerId=${customerId}&status=closed`,
          undefined,
          'supervisor',
        );
        if ((list.body['items'] as Json[]).length !== 1) return undefined;
        expect(await undocumentedIn(service.url, 'GET', '/complaints', list)).toEqual([]);
        return list.body;
      },
      { timeoutMs: 30_000, what: 'the closed complaint in the list' },
    );
    expect(listed['items']).toEqual([
      expect.objectContaining({ complaintId, department: 'logistics', overdue: false }),
    ]);
  });

  it('rebuilds the complaint list and the customers it knows from Kafka identical to the live ones, then keeps them live', async () => {
    const customerId = await aCustomer();
    // Merged away and erased customers, so the rebuilt directory has every status to match.
    const [duplicate, erased] = [await aCustomer(), await aCustomer()];
    await feed.publish('customers', 'CustomerMerged', duplicate, duplicate, {
      customerId: duplicate,
      role: 'duplicate',
      duplicateId: duplicate,
      survivorId: customerId,
      mergedAt: new Date().toISOString(),
    });
    await feed.publish('customers', 'CustomerErased', erased, erased, {
      customerId: erased,
      reason: 'data_subject_request',
      erasedAt: new Date().toISOString(),
    });
    await knownToComplaints(env.MONGODB_DATABASE, [duplicate], 'merged');
    await knownToComplaints(env.MONGODB_DATABASE, [erased], 'erased');
    const chinese = {
      customerId,
      description: '第二次送货晚了两周，三箱货物被压坏。',
      customerWords: '这个季度已经是第二次了！',
      contact: { name: '王丽', phone: '+86 571 8888 0000' },
    };
    const closed = await recordOne(chinese);
    await walk(closed.complaintId, happyPath);
    const assigned = await recordOne({ ...chinese, severity: 'medium' });
    await walk(assigned.complaintId, upTo(2));
    const rejected = await recordOne({ ...chinese, category: 'product_quality' });
    await walk(rejected.complaintId, [
      ['validate', { ...bodies.reject, reason: '按约定日期送达，附签收单。' }],
    ]);
    await published(closed.complaintId, 10);

    const live = await expectRebuildEqualsLive({
      db: () => mongo.db(env.MONGODB_DATABASE),
      service: 'complaints',
      suffix,
      consumerGroupPrefix: env['CONSUMER_GROUP_PREFIX']!,
      projections: [
        { name: 'complaint-list', collection: 'complaint_list', topics: [Topics.complaints] },
        {
          name: 'complaint-customers',
          collection: 'complaint_customers',
          topics: [Topics.customers],
        },
      ],
      rebuild: (body) => send('POST', '/complaints/admin/projections/rebuild', body, 'admin'),
    });
    // Checked against the walks, so a rebuild of an empty list cannot pass.
    const byId = new Map(live['complaint-list']!.map((document) => [document['_id'], document]));
    expect(byId.get(closed.complaintId)).toMatchObject({
      customerId,
      status: 'closed',
      department: 'logistics',
    });
    expect(byId.get(assigned.complaintId)).toMatchObject({
      status: 'assigned',
      severity: 'medium',
    });
    expect(byId.get(rejected.complaintId)).toMatchObject({
      status: 'rejected',
      category: 'product_quality',
    });
    const known = new Map(
      live['complaint-customers']!.map((document) => [document['_id'], document]),
    );
    expect(known.get(customerId)).toMatchObject({ status: 'active' });
    expect(known.get(duplicate)).toMatchObject({ status: 'merged', survivorId: customerId });
    expect(known.get(erased)).toMatchObject({ status: 'erased' });

    // The list reads the swapped-in collection, and it keeps receiving live events.
    const recorded = await send('POST', '/complaints', {
      ...chinese,
      channel: 'phone',
      category: 'service_attitude',
      severity: 'low',
      description: '重建之后的新投诉：外包装破损。',
    });
    expect([recorded.status, recorded.body]).toEqual([201, expect.any(Object)]);
    const after = recorded.body as { complaintId: string };
    await eventually(
      async () => {
        const list = await send(
          'GET',
          `/complaints?customerId=${encodeURIComponent(customerId)}`,
          undefined,
          'supervisor',
        );
        const ids = (list.body['items'] as Json[]).map((item) => item['complaintId']);
        return ids.length === 4 && ids.includes(after.complaintId) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the complaint recorded after the swap in the list' },
    );
    // The swapped-in directory keeps following the customers topic: a customer registered after
    // the rebuild is known (through the slot), a merged-away one still refused naming customerId.
    const newcomer = await aCustomer();
    expect((await recordOne({ customerId: newcomer })).complaintId).toEqual(expect.any(String));
    const refused = await send('POST', '/complaints', {
      ...chinese,
      customerId: duplicate,
      channel: 'phone',
      category: 'delivery',
      severity: 'low',
    });
    expectProblem(refused, 422);
    expect(JSON.stringify(refused.body)).toContain('customerId');
    expectProblem(
      await send('POST', '/complaints/admin/projections/rebuild', {}, 'supervisor'),
      403,
    );
  }, 180_000);

  it('runs the rejected path end to end: a reasoned reply, then closed with an evaluation', async () => {
    const { complaintId } = await recordOne({ severity: 'low' });
    await walk(complaintId, [
      ['validate', bodies.reject],
      ['close', { satisfaction: 2, summary: 'Explain delivery terms at order time.' }],
    ]);
    const records = await published(complaintId, 3);
    expect(records.map((record) => [record.value['type'], record.value['sequence']])).toEqual([
      ['crm.complaints.ComplaintRecorded.v2', 1],
      ['crm.complaints.ComplaintRejected.v2', 2],
      ['crm.complaints.ComplaintClosed.v2', 3],
    ]);
    expect((records[2]!.value['data'] as Json)['rejected']).toBe(true);
  });

  it('refuses every illegal step from every state with 409 naming the state and the allowed steps', async () => {
    const matrix = await Promise.all(
      COMPLAINT_STATUSES.map(async (status) => {
        const { complaintId } = await recordOne();
        await walk(complaintId, walkTo[status]);
        const illegal = COMPLAINT_STEPS.filter((name) => !allowedSteps(status).includes(name));
        const answers = [];
        for (const name of illegal) {
          const response = await send(
            'POST',
            `/complaints/${complaintId}/${name}`,
            bodyFor[name],
            'admin',
          );
          answers.push({ status, name, code: response.status, body: response.body });
        }
        const view = await send('GET', `/complaints/${complaintId}`, undefined, 'admin');
        return {
          status,
          answers,
          version: view.body['version'],
          current: view.body['status'],
          expectedVersion: walkTo[status].length + 1,
        };
      }),
    );
    for (const { status, answers, version, current, expectedVersion } of matrix) {
      expect([status, current, version]).toEqual([status, status, expectedVersion]);
      for (const answer of answers) {
        expect([answer.status, answer.name, answer.code]).toEqual([status, answer.name, 409]);
        expect(answer.body).toMatchObject({
          type: 'urn:crm:problem:complaint-illegal-step',
          currentState: status,
          allowedSteps: allowedSteps(status),
        });
      }
    }
    expect(matrix.flatMap((row) => row.answers)).toHaveLength(
      COMPLAINT_STATUSES.reduce(
        (sum, status) => sum + COMPLAINT_STEPS.length - allowedSteps(status).length,
        0,
      ),
    );
  });

  it('needs the higher approver above the cost threshold: a plain supervisor gets 403', async () => {
    const { complaintId } = await recordOne();
    await walk(complaintId, [...upTo(2), ['propose', bodies.proposeExpensive]]);
    const pending = await send('GET', `/complaints/${complaintId}`, undefined, 'supervisor');
    expect(pending.body['dueToAct']).toMatchObject({
      party: 'staff',
      role: 'admin',
      steps: ['approve', 'send-back'],
    });

    const bySupervisor = await send('POST', `/complaints/${complaintId}/approve`, {}, 'supervisor');
    expectProblem(bySupervisor, 403);
    expect(bySupervisor.body).toMatchObject({
      type: 'urn:crm:problem:complaint-higher-approver-required',
      requiredRole: 'admin',
    });
    const byAgent = await send('POST', `/complaints/${complaintId}/approve`, {}, 'agent');
    expect(byAgent.status).toBe(403);

    const byHigher = await send('POST', `/complaints/${complaintId}/approve`, undefined, 'admin');
    expect(byHigher.status).toBe(200);
    expect(byHigher.body).toMatchObject({ status: 'resolution_approved', version: 5 });
    const [approved] = await tap.waitFor(
      (record) =>
        record.value['subject'] === complaintId &&
        record.value['type'] === 'crm.complaints.ResolutionApproved.v1',
    );
    expect(approved!.value['data']).toMatchObject({
      cost: 25_000,
      higherApproval: true,
      actorId: `admin-${suffix}`,
    });
  });

  it('reopens a closed complaint within the window and refuses it after', async () => {
    const late = await recordOne();
    await walk(late.complaintId, [
      ['validate', bodies.reject],
      ['close', bodies.close],
    ]);
    const closedLateAt = Date.now();

    const { complaintId } = await recordOne();
    await walk(complaintId, [
      ['validate', bodies.reject],
      ['close', bodies.close],
    ]);
    const reopened = await step(complaintId, 'reopen', bodies.reopen);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'reopened' });

    await sleep(Math.max(0, closedLateAt + REOPEN_WINDOW_MS + 100 - Date.now()));
    const refused = await step(late.complaintId, 'reopen', bodies.reopen);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: 'urn:crm:problem:complaint-reopen-window-closed',
      currentState: 'closed',
    });
  });

  it('answers a stale If-Match with 412 and bad input with 400 naming every field', async () => {
    const { complaintId } = await recordOne();
    const stale = await step(complaintId, 'validate', bodies.validate, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    const current = await step(complaintId, 'validate', bodies.validate, { 'if-match': '"1"' });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('"2"');

    const bad = await send('POST', '/complaints', {
      channel: 'pigeon',
      severity: 'apocalyptic',
      extra: 1,
    });
    expectProblem(bad, 400);
    expect((bad.body['errors'] as { field: string }[]).map((error) => error.field)).toEqual(
      expect.arrayContaining([
        'customerId',
        'channel',
        'category',
        'severity',
        'description',
        'customerWords',
        'extra',
      ]),
    );
    const rejectWithoutReason = await step(complaintId, 'assign', {
      department: '',
      handlerId: 'x',
    });
    expect(
      (rejectWithoutReason.body['errors'] as { field: string }[]).map((error) => error.field),
    ).toEqual(expect.arrayContaining(['department', 'causeAnalysis']));
    const other = await recordOne();
    const noReason = await step(other.complaintId, 'validate', { wellFounded: false });
    expect(noReason.status).toBe(400);
    expect(noReason.body['errors']).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await send('GET', '/complaints/not-a-uuid', undefined, 'agent')).status).toBe(400);
    expect((await send('POST', '/complaints', {}, 'analyst')).status).toBe(403);
  });

  it('lists by filter with cursor pagination, counts per department and status, masks personal data for analysts', async () => {
    const customerId = await aCustomer();
    const department = `dept-${uniqueSuffix()}`;
    const ids = [];
    for (const severity of ['high', 'medium', 'low'])
      ids.push((await recordOne({ customerId, severity })).complaintId);
    await walk(ids[1]!, [
      ['validate', bodies.validate],
      ['assign', { ...bodies.assign, department }],
    ]);

    const list = async (query: string) =>
      (await send('GET', `/complaints?${query}`, undefined, 'supervisor')).body;
    await eventually(
      async () => {
        const assigned = await list(`department=${department}`);
        const all = await list(`customerId=${customerId}`);
        return (assigned['items'] as Json[]).length === 1 && (all['items'] as Json[]).length === 3
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the three complaints in the list' },
    );
    const firstPage = await list(`customerId=${customerId}&limit=2`);
    expect((firstPage['items'] as Json[]).map((item) => item['complaintId'])).toEqual(
      ids.slice(0, 2),
    );
    const secondPage = await list(
      `customerId=${customerId}&limit=2&cursor=${String(firstPage['nextCursor'])}`,
    );
    expect(secondPage).toEqual({
      items: [expect.objectContaining({ complaintId: ids[2] })],
      nextCursor: null,
    });
    expect((await list(`customerId=${customerId}&severity=medium`))['items']).toEqual([
      expect.objectContaining({
        complaintId: ids[1],
        status: 'assigned',
        department,
        handlerId: 'agent-2',
      }),
    ]);
    expect((await list(`customerId=${customerId}&overdue=false`))['items']).toHaveLength(3);
    expect((await list(`customerId=${customerId}&overdue=true`))['items']).toHaveLength(0);
    expect((await list(`customerId=${customerId}&status=recorded`))['items']).toHaveLength(2);

    const counts = await send('GET', '/complaints/counts', undefined, 'supervisor');
    expect(counts.body['items']).toEqual(
      expect.arrayContaining([{ department, status: 'assigned', count: 1 }]),
    );

    const badQuery = await send(
      'GET',
      '/complaints?overdue=maybe&limit=0&status=lost',
      undefined,
      'supervisor',
    );
    expect(badQuery.status).toBe(400);
    expect(
      (badQuery.body['errors'] as { field: string }[]).map((error) => error.field).sort(),
    ).toEqual(['limit', 'overdue', 'status']);

    const asAnalyst = await send('GET', `/complaints/${ids[0]}`, undefined, 'analyst');
    expect((asAnalyst.body['timeline'] as Json[])[0]!['data']).toMatchObject({
      customerWords: '***',
      contact: '***',
    });
    const asAgent = await send('GET', `/complaints/${ids[0]}`, undefined, 'agent');
    expect((asAgent.body['timeline'] as Json[])[0]!['data']).toMatchObject({
      customerWords: 'This is the second time this quarter.',
      contact: { name: 'Wang Li', phone: '+86 571 8888 0000' },
    });
    const missing = await send(
      'GET',
      '/complaints/01937a1e-0000-7000-8000-000000000000',
      undefined,
      'agent',
    );
    expect(missing.status).toBe(404);
    expect(missing.body['type']).toBe('urn:crm:problem:complaint-not-found');
  });

  it('documents every complaint route in its OpenAPI document', async () => {
    const openapi = (await (await fetch(`${service.url}/docs/openapi.json`)).json()) as {
      paths: Json;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/complaints',
        '/complaints/counts',
        '/complaints/{id}',
        ...COMPLAINT_STEPS.map((name) => `/complaints/{id}/${name}`),
      ]),
    );
  });

  it('replays a step sent twice with the same Idempotency-Key: one event', async () => {
    const { complaintId } = await recordOne();
    const key = `idem-${uniqueSuffix()}`;
    const first = await step(complaintId, 'validate', bodies.validate, { 'idempotency-key': key });
    const second = await step(complaintId, 'validate', bodies.validate, { 'idempotency-key': key });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const view = await send('GET', `/complaints/${complaintId}`, undefined, 'agent');
    expect(view.body['version']).toBe(2);
  });
});
