import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { Topics } from '@crm/contracts';
import {
  callJson,
  eventually,
  removeJobQueues,
  serviceEnv,
  signToken,
  TopicTap,
  testTopic,
  uniqueSuffix,
  UpstreamFeed,
  type RunningService,
} from '@crm/testing';
import { expectProblem, knownToComplaints, startComplaints } from './service-support';

const suffix = uniqueSuffix();
const env = serviceEnv('complaints', suffix, { JOBS_PREFIX: `test-${suffix}` });

type Json = Record<string, unknown>;
const complaint = (customerId: string): Json => ({
  customerId,
  channel: 'phone',
  category: 'product_quality',
  severity: 'high',
  description: '第二批货的阀门全部漏水',
  customerWords: '请尽快处理，生产线已经停了',
});

describe('D7: a complaint is recorded only for a customer the customers service registered (ADR 141)', () => {
  let service: RunningService;
  let tap: TopicTap;
  let feed: UpstreamFeed;
  let token: string;

  beforeAll(async () => {
    tap = await new TopicTap(testTopic(suffix, Topics.complaints)).open();
    feed = new UpstreamFeed(suffix, { origin: 'complaints-customers', validate: true });
    await feed.connect();
    service = await startComplaints(env);
    token = await signToken({ sub: `agent-${suffix}`, roles: ['service_agent'] });
  });

  afterAll(async () => {
    await Promise.allSettled([service?.stop(), tap?.close(), feed?.disconnect()]);
    await removeJobQueues(env.REDIS_URL, `test-${suffix}`, ['complaint-sla']);
    const mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  const record = (customerId: string) =>
    callJson(service.url, 'POST', '/complaints', { token, body: complaint(customerId) });
  const fieldsOf = (body: Json) => (body['errors'] as { field: string }[]).map((e) => e.field);
  const listed = async (customerId: string) =>
    (await callJson(service.url, 'GET', `/complaints?customerId=${customerId}`, { token })).body[
      'items'
    ] as Json[];

  it('refuses an unknown customer with 422 naming customerId: nothing stored, nothing published', async () => {
    const unknown = uuidv7();
    const refused = await record(unknown);
    expectProblem(refused, 422);
    expect(refused.body).toMatchObject({
      type: 'urn:crm:problem:complaint-customer-unknown',
      code: 'COMPLAINT_CUSTOMER_UNKNOWN',
      customerId: unknown,
    });
    expect(fieldsOf(refused.body)).toEqual(['customerId']);
    // The race: a customer the customers service registered a moment ago, not yet known here, is
    // refused the same way, and the same request (same Idempotency-Key) goes through once it is.
    const late = uuidv7();
    const keyed = () =>
      callJson(service.url, 'POST', '/complaints', {
        token,
        body: complaint(late),
        headers: { 'idempotency-key': `late-${suffix}` },
      });
    expectProblem(await keyed(), 422);
    await feed.registerCustomer(late);
    await knownToComplaints(env.MONGODB_DATABASE, [late], 'active');
    const accepted = await keyed();
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('idempotent-replayed')).toBeNull();
    // Its complaint is published; the outbox publishes in append order, so a complaint appended
    // for the unknown customer before it would be on the topic by now.
    const complaintId = accepted.body['complaintId'] as string;
    await tap.waitFor((r) => r.value['subject'] === complaintId);
    expect(
      tap.records.filter((r) => r.key === unknown || r.value['customerid'] === unknown),
    ).toEqual([]);
    // Nothing stored: the service's commits name the late customer, never the unknown one.
    const mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    try {
      const commits = JSON.stringify(
        await mongo.db(env.MONGODB_DATABASE).collection('event_commits').find({}).toArray(),
      );
      expect(commits).toContain(late);
      expect(commits).not.toContain(unknown);
    } finally {
      await mongo.close();
    }
    // The list has the late customer's complaint, and none for the unknown one.
    await eventually(async () => ((await listed(late)).length === 1 ? true : undefined), {
      what: "the late customer's complaint in the list",
    });
    expect(await listed(unknown)).toEqual([]);
  });

  it('refuses a customer merged away, naming the survivor, and records the complaint there', async () => {
    const [duplicateId, survivorId] = [uuidv7(), uuidv7()];
    await feed.registerCustomer(duplicateId, { name: '上海华东机电设备厂（重复）' });
    await feed.registerCustomer(survivorId, { name: '上海华东机电设备厂' });
    await feed.mergeCustomers(duplicateId, survivorId);
    await knownToComplaints(env.MONGODB_DATABASE, [duplicateId], 'merged');

    const refused = await record(duplicateId);
    expectProblem(refused, 422);
    expect(refused.body).toMatchObject({
      code: 'COMPLAINT_CUSTOMER_MERGED',
      customerId: duplicateId,
      survivorId,
    });
    expect(fieldsOf(refused.body)).toEqual(['customerId']);
    expect(refused.body['detail']).toContain(survivorId);
    // The survivor's own side of the merge leaves it open for complaints.
    expect((await record(survivorId)).status).toBe(201);
  });

  it('refuses an erased customer', async () => {
    const erased = uuidv7();
    await feed.registerCustomer(erased);
    await feed.publish('customers', 'CustomerErased', erased, erased, {
      customerId: erased,
      reason: 'data_subject_request',
      erasedAt: new Date().toISOString(),
    });
    await knownToComplaints(env.MONGODB_DATABASE, [erased], 'erased');
    const refused = await record(erased);
    expectProblem(refused, 422);
    expect(refused.body).toMatchObject({ code: 'COMPLAINT_CUSTOMER_ERASED', customerId: erased });
    expect(fieldsOf(refused.body)).toEqual(['customerId']);
    expect(await listed(erased)).toEqual([]);
  });
});
