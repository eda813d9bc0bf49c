import { MongoClient } from 'mongodb';
import {
  dumpDatabase as dump,
  dumpRedis,
  dumpTopics,
  eventually,
  removeJobQueues,
  reservePort,
  serviceEnv,
  signToken,
  testTopic,
  testTopicPrefix,
  TopicTap,
  uniqueSuffix,
  callJson,
  type RunningService,
  organizationFile,
} from '@crm/testing';
import { ERASED_TEXT, Topics } from '@crm/contracts';
import { openSealed } from '@crm/event-store';
import { visitMissedCheck } from '@apps/visits/src/visit/application/visit.jobs';
import {
  expectProblem,
  startAnalytics,
  startComplaints,
  startCustomers,
  startVisits,
} from './service-support';

const suffix = uniqueSuffix();
// The services log as in production (info), so the scan of their logs below sees real lines.
const logged = { LOG_LEVEL: 'info' };
const env = serviceEnv('customers', suffix, {
  ORGANIZATION_FILE: organizationFile([`erasure-${suffix}`]),
  ...logged,
});
// The other services that hold personal data about customers, on the same (private) topics.
const complaintsEnv = serviceEnv('complaints', suffix, {
  JOBS_PREFIX: `test-${suffix}`,
  ...logged,
});
const analyticsEnv = serviceEnv('analytics', suffix, logged);
const visitsEnv = serviceEnv('visits', suffix, {
  ...logged,
  JOBS_PREFIX: `test-visits-${suffix}`,
  VISITS_DEFAULT_TIME_ZONE: 'UTC',
});

type Json = Record<string, unknown>;

/**
 * What the services log, as they would to stdout in production: pino writes to process.stdout
 * when it has been replaced before the services start, so this keeps every line they log.
 */
function captureStdout(): { text: () => string; restore: () => void } {
  const original = process.stdout.write;
  const chunks: string[] = [];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  return { text: () => chunks.join(''), restore: () => (process.stdout.write = original) };
}

describe('customers: erasure on request (crypto-shredding, acceptance 5)', () => {
  let service: RunningService;
  let complaints: RunningService;
  let analytics: RunningService;
  let visits: RunningService;
  let mongo: MongoClient;
  let tap: TopicTap;
  let logs: ReturnType<typeof captureStdout>;
  const region = `erasure-${suffix}`;
  const tokens: Record<string, string> = {};

  const call = (
    who: string,
    method: string,
    path: string,
    body?: unknown,
    on: () => RunningService = () => service,
  ) => callJson(on().url, method, path, { token: tokens[who], body });
  /** The suite's `n`th purchase of a customer, in CNY, from the ERP. */
  const buy = (who: string, customerId: string, n: number, amount: number, occurredAt: string) =>
    call(who, 'POST', `/customers/${customerId}/purchases`, {
      amount,
      currency: 'CNY',
      occurredAt,
      productLine: 'pumps',
      sourceSystem: 'erp-sap',
      orderReference: `SO-${suffix}-${n}`,
    });

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    tap = await new TopicTap(testTopic(suffix, Topics.customers)).open();
    logs = captureStdout();
    // The access export asks the other services for their parts: their ports are known up front.
    const [complaintsPort, visitsPort, analyticsPort] = await Promise.all([
      reservePort(),
      reservePort(),
      reservePort(),
    ]);
    Object.assign(complaintsEnv, { PORT: String(complaintsPort) });
    Object.assign(visitsEnv, { PORT: String(visitsPort) });
    Object.assign(analyticsEnv, { PORT: String(analyticsPort) });
    service = await startCustomers({
      ...env,
      PERSONAL_DATA_SOURCES: [complaintsPort, visitsPort, analyticsPort]
        .map((port) => `http://127.0.0.1:${port}`)
        .join(','),
    });
    // Visits and analytics open the customers' sealed fields through its key API (ADR 90).
    Object.assign(analyticsEnv, { CUSTOMERS_URL: service.url });
    Object.assign(visitsEnv, { CUSTOMERS_URL: service.url });
    [complaints, analytics, visits] = await Promise.all([
      startComplaints(complaintsEnv),
      startAnalytics(analyticsEnv),
      startVisits(visitsEnv),
    ]);
    tokens['admin'] = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    tokens['manager'] = await signToken({ sub: `mgr-${suffix}`, roles: ['sales_manager'], region });
    tokens['rep'] = await signToken({ sub: `rep-${suffix}`, roles: ['sales_rep'] });
    tokens['reader'] = await signToken({
      sub: `gateway-${suffix}`,
      roles: ['personal_data_reader'],
    });
    tokens['analyst'] = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
  });

  afterAll(async () => {
    await Promise.allSettled([
      tap?.close(),
      service?.stop(),
      complaints?.stop(),
      analytics?.stop(),
      visits?.stop(),
    ]);
    logs?.restore();
    // The complaint's SLA timers and the visit's missed-visit check would otherwise wait in Redis.
    await removeJobQueues(complaintsEnv.REDIS_URL, `test-${suffix}`, ['complaint-sla']);
    await removeJobQueues(visitsEnv.REDIS_URL, `test-visits-${suffix}`, [visitMissedCheck.queue]);
    for (const database of [
      env.MONGODB_DATABASE,
      complaintsEnv.MONGODB_DATABASE,
      analyticsEnv.MONGODB_DATABASE,
      visitsEnv.MONGODB_DATABASE,
    ]) {
      await mongo.db(database).dropDatabase();
    }
    await mongo.close();
  });

  it('makes every personal field unreadable in the store, drops it from the read models, publishes none, and keeps the revenue', async () => {
    const secrets = {
      name: `Qiantang Privacy Trading ${suffix}`,
      phone: `+86 571 ${suffix.slice(0, 4).replace(/\D/g, '7')} 9911`,
      email: `owner.${suffix}@qiantang-privacy.cn`,
      taxNumber: `91330100${suffix.toUpperCase()}X`,
      address: `88 Wensan Road ${suffix}, Hangzhou`,
      contactName: `Zhou Mingyue ${suffix}`,
      contactPhone: `+86 139 ${suffix.slice(4).replace(/\D/g, '3')} 0101`,
      contactEmail: `zhou.${suffix}@qiantang-privacy.cn`,
      wechat: `zmy_${suffix}`,
      newEmail: `finance.${suffix}@qiantang-privacy.cn`,
      complaintWords: `Zhou ${suffix} says the third pump leaked again`,
      complaintDescription: `周明月 ${suffix}: 五月订单的水泵在密封处漏水`,
      visitPurpose: `与周明月 ${suffix} 讨论新水泵的试用`,
      visitOutcome: `周经理 ${suffix} 同意一月试用, 女儿下周结婚`,
      followUpNote: `周明月 ${suffix} 说试用的水泵声音太大, 下周再联系`,
      // What engagement's greeting said: the contact's birthday (02-03) in its reason.
      greetingReason: 'birthday on 02-03',
    };
    const registered = await call('manager', 'POST', '/customers', {
      name: secrets.name,
      nature: 'individual',
      region,
      ownerId: `rep-${suffix}`,
      phone: secrets.phone,
      email: secrets.email,
      taxNumber: secrets.taxNumber,
      address: secrets.address,
      city: 'Hangzhou',
    });
    expect(registered.status).toBe(201);
    const id = registered.body['customerId'] as string;
    const contact = await call('manager', 'POST', `/customers/${id}/contacts`, {
      name: secrets.contactName,
      phone: secrets.contactPhone,
      email: secrets.contactEmail,
      wechat: secrets.wechat,
      birthday: '1979-02-03',
      buyingRole: 'decider',
    });
    expect(contact.status).toBe(201);
    expect(
      (await call('manager', 'PATCH', `/customers/${id}`, { email: secrets.newEmail })).status,
    ).toBe(200);
    const purchase = await buy('manager', id, 1, 12000, '2026-05-04T10:00:00+08:00');
    expect(purchase.status).toBe(201);

    // A complaint in the customer's own words, with the contact's name and phone.
    // Recorded once complaints knows the customer from the customers topic (ADR 141).
    const complaint = await eventually(
      async () => {
        const response = await call(
          'admin',
          'POST',
          '/complaints',
          {
            customerId: id,
            channel: 'phone',
            category: 'product_quality',
            severity: 'medium',
            description: secrets.complaintDescription,
            customerWords: secrets.complaintWords,
            contact: { name: secrets.contactName, phone: secrets.contactPhone },
          },
          () => complaints,
        );
        return response.status === 422 ? undefined : response;
      },
      { timeoutMs: 45_000, what: 'complaints knows the customer and records the complaint' },
    );
    expect(complaint.status).toBe(201);
    const complaintId = complaint.body['complaintId'] as string;
    const readComplaint = () =>
      call('admin', 'GET', `/complaints/${complaintId}`, undefined, () => complaints);
    const complaintBefore = await readComplaint();
    expect(JSON.stringify(complaintBefore.body)).toContain(secrets.complaintWords);
    const view360 = () =>
      call('admin', 'GET', `/analytics/customers/${id}`, undefined, () => analytics);
    /** Waits until analytics' 360° view of the customer shows this name. */
    const analyticsNames = (name: string) =>
      eventually(async () => {
        const view = await view360();
        return (view.body?.['profile'] as Json | undefined)?.['name'] === name ? view : undefined;
      });
    // Analytics has the customer's name in its 360° view.
    await analyticsNames(secrets.name);

    // A visit with free text about the customer's people, planned once visits knows the customer.
    const planned = await eventually(
      async () => {
        const response = await call(
          'rep',
          'POST',
          '/visits',
          {
            customerId: id,
            plannedDate: new Date().toISOString().slice(0, 10),
            channel: 'face_to_face',
            purpose: secrets.visitPurpose,
          },
          () => visits,
        );
        return response.status === 201 ? response : undefined;
      },
      { timeoutMs: 45_000, what: 'visits knows the customer and plans the visit' },
    );
    const visitId = planned.body['visitId'] as string;
    const completed = await call(
      'rep',
      'POST',
      `/visits/${visitId}/complete`,
      { outcome: secrets.visitOutcome, feedbackScore: 4, progress: ['trial_agreed'] },
      () => visits,
    );
    expect(completed.status).toBe(200);
    const month = new Date().toISOString().slice(0, 7);
    const rowOf = async () => {
      const plan = await call('rep', 'GET', `/visit-plans/${month}`, undefined, () => visits);
      return ((plan.body?.['rows'] ?? []) as Json[]).find((row) => row['customerId'] === id);
    };
    expect((await rowOf())?.['customerName']).toBe(secrets.name);

    // Engagement: the completed visit's follow-up, completed with a note about the customer's people.
    const followUp = await eventually(
      async () => {
        const list = await call(
          'admin',
          'GET',
          `/engagement/follow-ups?customerId=${id}`,
          undefined,
          () => analytics,
        );
        return ((list.body?.['items'] ?? []) as Json[]).find(
          (item) => item['status'] === 'scheduled',
        );
      },
      { timeoutMs: 30_000, what: "the visit's follow-up" },
    );
    const followedUp = await call(
      'admin',
      'POST',
      `/engagement/follow-ups/${String(followUp['followUpId'])}/complete`,
      { outcome: 'reached', satisfactionScore: 4, note: secrets.followUpNote },
      () => analytics,
    );
    expect(followedUp.status).toBe(200);

    // On the wire every personal value is sealed: the contact's record names its key, not the person.
    const [contactRecord] = await tap.waitFor(
      (r) => r.value['subject'] === id && String(r.value['type']).includes('ContactAdded'),
    );
    if (!contactRecord) throw new Error('no ContactAdded record');
    const wire = contactRecord.value['data'] as Json;
    expect(contactRecord.value['type']).toBe('crm.customers.ContactAdded.v2');
    expect(wire['contact']).toMatchObject({ name: ERASED_TEXT });
    expect(wire['sealed']).toMatchObject({ kid: `customers/${id}`, alg: 'A256GCM' });
    expect(JSON.stringify(contactRecord.value)).not.toContain(secrets.contactName);
    // A subscriber with the role personal_data_reader gets the key (audited) and opens the record...
    const keyResponse = await call('reader', 'GET', `/data-keys/customers/${id}`);
    expect(keyResponse.status).toBe(200);
    const key = Buffer.from(String(keyResponse.body['key']), 'base64');
    const opened = openSealed(String(contactRecord.value['id']), wire, key);
    expect(opened['contact']).toMatchObject({
      name: secrets.contactName,
      phone: secrets.contactPhone,
      wechat: secrets.wechat,
      birthday: '1979-02-03',
    });
    // ...one without it gets nothing: an analyst (masked by contract), a rep, nobody at all.
    for (const who of ['analyst', 'rep', 'manager']) {
      const refusedKey = await call(who, 'GET', `/data-keys/customers/${id}`);
      expectProblem(refusedKey, 403);
    }
    expect((await fetch(`${service.url}/data-keys/customers/${id}`)).status).toBe(401);
    const badId = await call('reader', 'GET', `/data-keys/customers/${encodeURIComponent('a b')}`);
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.body)).toContain('customerId');
    // The access export: every service's part in one file, for admins and data protection only.
    tokens['dpo'] = await signToken({ sub: `dpo-${suffix}`, roles: ['data_protection_officer'] });
    const exported = await eventually(
      async () => {
        const file = await call('dpo', 'GET', `/customers/${id}/personal-data-export`);
        const text = JSON.stringify(file.body);
        return file.status === 200 && text.includes(secrets.followUpNote) ? file : undefined;
      },
      { timeoutMs: 30_000, what: 'the export with the follow-up note' },
    );
    const exportText = JSON.stringify(exported.body);
    for (const value of [
      secrets.name,
      secrets.contactName,
      secrets.complaintWords,
      secrets.visitPurpose,
      secrets.visitOutcome,
      secrets.followUpNote,
    ]) {
      expect(exportText).toContain(value);
    }
    expect(
      ((exported.body['services'] ?? []) as Json[]).map((part) => part['service']).sort(),
    ).toEqual(['analytics', 'complaints', 'customers', 'visits']);
    expect((await call('rep', 'GET', `/customers/${id}/personal-data-export`)).status).toBe(403);
    expect((await call('analyst', 'GET', `/customers/${id}/personal-data-export`)).status).toBe(
      403,
    );
    const badExport = await call('admin', 'GET', '/customers/not-a-customer/personal-data-export');
    expectProblem(badExport, 400);
    const unknownExport = await call(
      'admin',
      'GET',
      `/customers/${crypto.randomUUID()}/personal-data-export`,
    );
    expect(unknownExport.status).toBe(404);
    const exportAudit = mongo.db(env.MONGODB_DATABASE).collection('personal_data_reads');
    expect(
      await exportAudit.countDocuments({ customerId: id, caller: `dpo-${suffix}` }),
    ).toBeGreaterThanOrEqual(1);

    const audit = mongo.db(env.MONGODB_DATABASE).collection('data_key_reads');
    expect(await audit.countDocuments({ customerId: id, caller: `gateway-${suffix}` })).toBe(1);

    // Before erasure the card projection has caught up with the contact (its name is searchable).
    const cards = mongo.db(env.MONGODB_DATABASE).collection('customer_cards');
    await eventually(async () => {
      const card = await cards.findOne({ _id: id as never });
      return (card?.['contactNames'] as string[] | undefined)?.length ? card : undefined;
    });
    await tap.waitFor(
      (r) => r.value['subject'] === id && String(r.value['type']).includes('ContactAdded'),
    );

    // Only an admin erases; a reason code is required.
    expect(
      (await call('manager', 'DELETE', `/customers/${id}`, { reason: 'data_subject_request' }))
        .status,
    ).toBe(403);
    const noReason = await call('admin', 'DELETE', `/customers/${id}`, {});
    expectProblem(noReason, 400);
    expect(JSON.stringify(noReason.body)).toContain('reason');

    // The scan below can see personal data: before the erasure, the card holds the contact's name.
    expect(await dump(mongo, env.MONGODB_DATABASE)).toContain(secrets.contactName.toLowerCase());
    // ...and analytics holds the contact for greetings (engagement) and the name for its views.
    await eventually(async () => {
      const text = await dump(mongo, analyticsEnv.MONGODB_DATABASE);
      return text.includes(secrets.contactEmail) && text.includes(secrets.name) ? true : undefined;
    });

    const offsetBefore = tap.records.length;
    const erased = await call('admin', 'DELETE', `/customers/${id}`, {
      reason: 'data_subject_request',
      requestReference: `PIPL-${suffix}`,
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ customerId: id, eventTypes: ['CustomerErased'] });
    // One-way: a second request is refused as a problem naming the state, and records nothing.
    const again = await call('admin', 'DELETE', `/customers/${id}`, {
      reason: 'data_subject_request',
    });
    expectProblem(again, 409);
    expect(again.body).toMatchObject({ currentState: 'erased' });
    // An unknown customer cannot be erased either.
    const unknown = await call('admin', 'DELETE', `/customers/${crypto.randomUUID()}`, {
      reason: 'data_subject_request',
    });
    expectProblem(unknown, 404);

    // The ledger still takes purchases; the profile takes no changes.
    const later = await buy('admin', id, 2, 3000, '2026-06-01T10:00:00+08:00');
    expect(later.status).toBe(201);
    const refused = await call('admin', 'PATCH', `/customers/${id}`, { city: 'Ningbo' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ currentState: 'erased' });

    // The card reads as erased and still counts all the revenue.
    const card = await call('admin', 'GET', `/customers/${id}`);
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({
      name: ERASED_TEXT,
      revenue: { amount: 15000, currency: 'CNY' },
      contacts: [{ name: ERASED_TEXT, buyingRole: 'decider' }],
    });
    expect(card.body['erasedAt']).toEqual(expect.any(String));
    const history = await call('admin', 'GET', `/customers/${id}/history`);
    expect(history.status).toBe(200);

    // The list projection has applied the erasure.
    await eventually(async () => {
      const current = await cards.findOne({ _id: id as never });
      return current?.['erasedAt'] ? current : undefined;
    });
    await tap.waitFor(
      (r) => r.value['subject'] === id && String(r.value['type']).includes('CustomerErased'),
    );
    await tap.waitFor(
      (r) => r.value['subject'] === id && JSON.stringify(r.value).includes(`SO-${suffix}-2`),
    );

    // The other services have honoured CustomerErased.
    await analyticsNames(ERASED_TEXT);
    const complaintAfter = await eventually(async () => {
      const read = await readComplaint();
      return JSON.stringify(read.body).includes(secrets.complaintWords) ? undefined : read;
    });
    expect(complaintAfter.status).toBe(200);
    expect(JSON.stringify(complaintAfter.body)).toContain(ERASED_TEXT);
    // Visits: the plan no longer names the customer, the visit's free text is gone.
    await eventually(
      async () => ((await rowOf())?.['customerName'] === ERASED_TEXT ? true : undefined),
      { timeoutMs: 30_000, what: "the visit plan without the customer's name" },
    );
    const visitAfter = await eventually(async () => {
      const read = await call('rep', 'GET', `/visits/${visitId}`, undefined, () => visits);
      return read.body?.['outcome'] === ERASED_TEXT ? read : undefined;
    });
    expect(visitAfter.body).toMatchObject({ purpose: ERASED_TEXT, feedbackScore: 4 });

    // The key is gone for every subscriber, the one that could read before included.
    const gone = await call('reader', 'GET', `/data-keys/customers/${id}`);
    expectProblem(gone, 410);

    const lookFor = Object.values(secrets).flatMap((value) => [value, value.toLowerCase()]);
    // Every consumer of analytics (360, facts, engagement) has applied the erasure.
    await eventually(
      async () => {
        const text = await dump(mongo, analyticsEnv.MONGODB_DATABASE);
        return lookFor.some((secret) => text.includes(secret)) ? undefined : true;
      },
      { timeoutMs: 30_000, what: 'no personal data left in the analytics database' },
    );
    // No collection of the customers database holds any of it (event store, cards, audit, keys, ...).
    const everything = [
      await dump(mongo, env.MONGODB_DATABASE),
      await dump(mongo, complaintsEnv.MONGODB_DATABASE),
      await dump(mongo, analyticsEnv.MONGODB_DATABASE),
      await dump(mongo, visitsEnv.MONGODB_DATABASE),
    ].join('\n');
    expect(everything).toContain(complaintId);
    expect(everything).toContain(id);
    expect(everything).toContain(visitId);
    for (const secret of lookFor) expect(everything).not.toContain(secret);
    // Nor do the API's views, nor anything published after the erasure.
    for (const text of [
      JSON.stringify(card.body),
      JSON.stringify(history.body),
      JSON.stringify(complaintAfter.body),
      JSON.stringify(visitAfter.body),
    ]) {
      for (const secret of lookFor) expect(text).not.toContain(secret);
    }
    // Every topic of this system from offset 0, dead-letter topics included: ciphertext and
    // placeholders only. The records are there (the customer's id, its sealed values' key id).
    const scanTopics = async () => {
      const topics = await dumpTopics(testTopicPrefix(suffix));
      for (const topic of Object.values(Topics))
        expect(topics.has(testTopic(suffix, topic))).toBe(true);
      const all = [...topics.values()].join('\n');
      expect(all).toContain(`"kid":"customers/${id}"`);
      expect(all).toContain(`"kid":"visits/${id}"`);
      expect(all).toContain(`"kid":"complaints/${id}"`);
      expect(all).toContain(`"kid":"engagement/${id}"`);
      expect(all).toContain('GreetingScheduled');
      for (const [topic, text] of topics) {
        for (const secret of lookFor) {
          if (text.includes(secret)) throw new Error(`${topic} still carries "${secret}"`);
        }
      }
    };
    await scanTopics();
    // Every Redis key (jobs, rate limits, sessions, idempotency records) of the shared server.
    const redis = await dumpRedis(env.REDIS_URL);
    expect(redis.keys).toBeGreaterThan(0);
    for (const secret of lookFor.filter((value) => value.includes(suffix))) {
      expect(redis.text).not.toContain(secret);
    }
    // The services' logs: ids and codes, never a personal value.
    expect(logs.text()).toContain(id);
    for (const secret of lookFor) expect(logs.text()).not.toContain(secret);

    // The migration of ADR 90: the customers topic's history published again in its sealed form
    // (same ids: the consumers skip it) and everything below the marks deleted.
    const migrated = await call('admin', 'POST', '/admin/republish-sealed/customers');
    expect(migrated.status).toBe(200);
    expect(migrated.body['republished']).toBeGreaterThanOrEqual(6);
    expect(
      (migrated.body['deleted'] as Record<string, number>)[testTopic(suffix, Topics.customers)],
    ).toBeGreaterThanOrEqual(6);
    expect((await call('manager', 'POST', '/admin/republish-sealed/customers')).status).toBe(403);
    const notHere = await call('admin', 'POST', '/admin/republish-sealed/visits');
    expectProblem(notHere, 404);

    // Replayed from offset 0 into fresh projections (the rebuild path): still nothing to read.
    const rebuilt = await call(
      'admin',
      'POST',
      '/analytics/admin/projections/rebuild',
      {},
      () => analytics,
    );
    expect(rebuilt.status).toBe(200);
    const rebuiltView = await view360();
    expect((rebuiltView.body['profile'] as Json)['name']).toBe(ERASED_TEXT);
    const afterRebuild = await dump(mongo, analyticsEnv.MONGODB_DATABASE);
    expect(afterRebuild).toContain(id);
    for (const secret of lookFor) expect(afterRebuild).not.toContain(secret);
    await scanTopics();

    const published = tap.records.slice(offsetBefore).filter((r) => r.key === id);
    expect(published.length).toBeGreaterThanOrEqual(2);
    for (const secret of lookFor) expect(JSON.stringify(published)).not.toContain(secret);
    // The ledger stays in clear: the second purchase is there for tiers to count.
    // 3000 CNY as exact minor units (PurchaseRecorded v2).
    const amounts = published.map((r) => (r.value as { data?: { amount?: unknown } }).data?.amount);
    expect(amounts).toContainEqual({ minor: '300000', currency: 'CNY' });
    // Four services, every topic, every database and a rebuild on a shared machine: not a timing test.
  }, 240_000);
});
