import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry, Topics } from '@crm/contracts';
import {
  eventually,
  signToken,
  testTopic,
  TopicTap,
  uniqueSuffix,
  UpstreamFeed,
  type RunningService,
  type TappedRecord,
} from '@crm/testing';
import { engagementEnv, SmtpSink } from './engagement-support';
import { startAnalytics } from './service-support';

const suffix = uniqueSuffix();
const env = engagementEnv(suffix, {
  FOLLOW_UP_COMPLAINT_DELAY: '1500ms',
  FOLLOW_UP_VISIT_DELAY: '3d',
  // Greetings due at once (a birthday today), no webhook configured, two quick attempts.
  GREETING_LOCAL_HOUR: '0',
  GREETING_ATTEMPTS: '2',
  GREETING_BACKOFF: '100ms',
  GREETING_CHANNEL_TIER_B: 'email',
});

type Json = Record<string, unknown>;
const dataOf = (record: TappedRecord) => record.value['data'] as Json;
const ofType = (type: string, followUpId: string) => (record: TappedRecord) =>
  record.value['type'] === eventRegistry.typeOf('engagement', type) &&
  dataOf(record)['followUpId'] === followUpId;

describe('follow-ups', () => {
  let service: RunningService;
  let tap: TopicTap;
  const feed = new UpstreamFeed(suffix, { origin: 'engagement-test' });
  const smtp = new SmtpSink();

  beforeAll(async () => {
    tap = await new TopicTap(testTopic(suffix, Topics.engagement)).open();
    await feed.connect();
    const smtpPort = await smtp.start();
    service = await startAnalytics({
      ...env,
      INSTANCE_ID: `a-${suffix}`,
      GREETING_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    });
  });

  afterAll(async () => {
    await service?.stop();
    await feed.disconnect();
    await tap?.close();
    await smtp.stop();
  });

  /** Waits until engagement's read model `collection` holds every one of `ids`. */
  const knownToEngagement = async (collection: string, ids: string[], what: string) => {
    const mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    try {
      await eventually(
        async () =>
          (await mongo
            .db(env.MONGODB_DATABASE)
            .collection(collection)
            .countDocuments({ _id: { $in: ids as never[] } })) === ids.length
            ? true
            : undefined,
        { timeoutMs: 30_000, what: `${what} known to engagement` },
      );
    } finally {
      await mongo.close();
    }
  };

  const call = async (path: string, token: string, init: RequestInit = {}) => {
    const response = await fetch(`${service.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : {}) as Json,
    };
  };

  it('a closed complaint yields a satisfaction call for the rep after the configured delay; completing it emits FollowUpCompleted with the score', async () => {
    const customerId = uuidv7();
    const complaintId = uuidv7();
    const rep = `rep-${suffix}`;
    await feed.publish('customers', 'CustomerRegistered', customerId, customerId, {
      customerId,
      name: 'Suzhou Follow-up Ltd',
      nature: 'ordinary_company',
      region: 'east',
      ownerId: rep,
      registeredAt: new Date().toISOString(),
    });
    // The owner is known before the complaint closes. The two topics come in no set order (a
    // follow-up whose owner is not known yet goes to FOLLOW_UP_UNASSIGNED_OWNER), so wait for it.
    await knownToEngagement('engagement_customer_owners', [customerId], "the customer's owner");
    const closedAt = new Date();
    const closed = await feed.publish('complaints', 'ComplaintClosed', complaintId, customerId, {
      complaintId,
      actorId: 'agent-1',
      at: closedAt.toISOString(),
      satisfaction: 3,
      summary: 'Replaced the unit.',
      rejected: false,
    });
    const followUpId = `fu-complaint_closed-${closed.id}`;
    const [scheduled] = await tap.waitFor(ofType('FollowUpScheduled', followUpId));
    expect(dataOf(scheduled!)).toMatchObject({
      customerId,
      ownerId: rep,
      reason: 'complaint_closed',
      channel: 'task',
      sourceEventId: closed.id,
    });
    // The configured delay from the closing (or now, had the event arrived later than that).
    const scheduledFor = new Date(dataOf(scheduled!)['scheduledFor'] as string).getTime();
    expect(scheduledFor).toBeGreaterThanOrEqual(closedAt.getTime() + 1500);
    const [due] = await tap.waitFor(ofType('FollowUpDue', followUpId));
    expect(new Date(dataOf(due!)['dueAt'] as string).getTime()).toBeGreaterThanOrEqual(
      scheduledFor,
    );

    // The rep sees it in their list (another rep does not), then records the call.
    const repToken = await signToken({ sub: rep, roles: ['sales_rep'] });
    const otherToken = await signToken({ sub: `other-${suffix}`, roles: ['sales_rep'] });
    const listed = await eventually(
      async () => {
        const page = await call('/engagement/follow-ups?status=due', repToken);
        const items = page.body['items'] as Json[];
        // Named once analytics' 360 view has the registration (its own consumer).
        return items.some((item) => item['followUpId'] === followUpId && item['customerName'])
          ? page
          : undefined;
      },
      { what: 'the due follow-up, named, in the rep list' },
    );
    expect(listed.body['nextCursor']).toBeNull();
    // Named as analytics' 360 view names the customer, so no page shows a bare id.
    expect(
      (listed.body['items'] as Json[]).find((item) => item['followUpId'] === followUpId),
    ).toMatchObject({
      customerId,
      customerName: 'Suzhou Follow-up Ltd',
    });
    const others = await call(`/engagement/follow-ups?ownerId=${rep}`, otherToken);
    expect((others.body['items'] as Json[]).some((item) => item['followUpId'] === followUpId)).toBe(
      false,
    );
    expect((await call('/engagement/follow-ups?limit=501', repToken)).status).toBe(400);

    const refused = await call(`/engagement/follow-ups/${followUpId}/complete`, otherToken, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'reached', satisfactionScore: 5 }),
    });
    // Someone else's follow-up answers exactly as one that does not exist (ids are deterministic).
    expect(refused.status).toBe(404);
    const absent = await call(`/engagement/follow-ups/${followUpId}x/complete`, otherToken, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'reached', satisfactionScore: 5 }),
    });
    expect(absent.status).toBe(404);
    expect(refused.body['type']).toBe(absent.body['type']);
    expect(JSON.stringify(refused.body)).not.toContain(rep);
    const invalid = await call(`/engagement/follow-ups/${followUpId}/complete`, repToken, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'happy', satisfactionScore: 9 }),
    });
    expect(invalid.status).toBe(400);
    const fields = ((invalid.body['errors'] as Json[]) ?? []).map((error) => error['field']);
    expect(fields).toEqual(expect.arrayContaining(['outcome', 'satisfactionScore']));

    const completed = await call(`/engagement/follow-ups/${followUpId}/complete`, repToken, {
      method: 'POST',
      headers: { 'if-match': '"2"' },
      body: JSON.stringify({
        outcome: 'reached',
        satisfactionScore: 4,
        note: 'Happy with the replacement.',
      }),
    });
    expect(completed.status).toBe(200);
    expect(completed.headers.get('etag')).toBe('"3"');
    const [done] = await tap.waitFor(ofType('FollowUpCompleted', followUpId));
    expect(dataOf(done!)).toMatchObject({
      customerId,
      ownerId: rep,
      outcome: 'reached',
      satisfactionScore: 4,
      actorId: rep,
    });
    expect(done!.value['source']).toBe('crm/engagement');
    expect(done!.key).toBe(customerId);

    // The call's score feeds the customer's CSI (D6): the closing score 3 alone maps to 50.
    const analyst = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
    const csi = await eventually(
      async () => {
        const view = await call(`/analytics/customers/${customerId}`, analyst);
        const value = view.body['csi'];
        return typeof value === 'number' && value > 50 ? value : undefined;
      },
      { timeoutMs: 20_000, what: "the follow-up's score in the customer's CSI" },
    );
    expect(csi).toBeLessThanOrEqual(75);

    const again = await call(`/engagement/follow-ups/${followUpId}/complete`, repToken, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'reached' }),
    });
    expect(again.status).toBe(409);
    expect(again.body['currentState']).toBe('completed');
  });

  it('a completed visit yields a follow-up three days later for the visiting rep', async () => {
    const customerId = uuidv7();
    const visitId = uuidv7();
    const completedAt = new Date();
    await feed.publish('visits', 'VisitCompleted', visitId, customerId, {
      visitId,
      customerId,
      repId: 'rep-visiting',
      plannedDate: completedAt.toISOString().slice(0, 10),
      outcome: 'Demonstrated the new line.',
      feedbackScore: 4,
      progress: [],
      completedAt: completedAt.toISOString(),
    });
    const [scheduled] = await tap.waitFor(
      ofType('FollowUpScheduled', `fu-visit_completed-${visitId}`),
    );
    expect(dataOf(scheduled!)).toMatchObject({
      ownerId: 'rep-visiting',
      reason: 'visit_completed',
      scheduledFor: new Date(completedAt.getTime() + 3 * 86_400_000).toISOString(),
    });
  });

  const DAY = 86_400_000;
  const anyOf = (type: string, match: (data: Json) => boolean) => (record: TappedRecord) =>
    record.value['type'] === eventRegistry.typeOf('engagement', type) && match(dataOf(record));
  const purchaseOf = (customerId: string, occurredAt: Date) =>
    feed.publish('customers', 'PurchaseRecorded', customerId, customerId, {
      customerId,
      purchaseId: uuidv7(),
      amount: 3_000_000_000,
      currency: 'CNY',
      occurredAt: occurredAt.toISOString(),
      productLine: '工业泵',
      sourceSystem: 'erp-import',
      orderReference: `SO-${uuidv7()}`,
    });
  /**
   * A completed visit of the customer by `repId`, after its other events (same key, same
   * partition): a sync point. Answers the id of the follow-up it planned.
   */
  const visitAfter = async (customerId: string, repId = 'rep-sync') => {
    const visitId = uuidv7();
    await feed.publish('visits', 'VisitCompleted', visitId, customerId, {
      visitId,
      customerId,
      repId,
      plannedDate: new Date().toISOString().slice(0, 10),
      outcome: '介绍了新产品线',
      feedbackScore: 4,
      progress: [],
      completedAt: new Date().toISOString(),
    });
    const followUpId = `fu-visit_completed-${visitId}`;
    await tap.waitFor(ofType('FollowUpScheduled', followUpId));
    return followUpId;
  };

  it('D9: a back-dated ERP import plans no "first purchase" call for a legacy customer; a new customer\'s first purchase does', async () => {
    const legacy = uuidv7();
    const newcomer = uuidv7();
    // Years of a legacy customer's history, imported today (amounts far beyond 2^31 minor units).
    for (const daysAgo of [1200, 800, 400, 40])
      await purchaseOf(legacy, new Date(Date.now() - daysAgo * DAY));
    await purchaseOf(newcomer, new Date());
    await tap.waitFor(ofType('FollowUpScheduled', `fu-first_purchase-${newcomer}`));
    await visitAfter(legacy);
    expect(
      tap.records.filter(ofType('FollowUpScheduled', `fu-first_purchase-${legacy}`)),
    ).toHaveLength(0);
  });

  it('D9: the key-account meeting call repeats each year and stops on retirement', async () => {
    const customerId = uuidv7();
    // Designated almost a year ago: the first meeting is within the 30-day lead, its call due now.
    const designatedAt = new Date(Date.now() - 355 * DAY);
    await feed.publish('customers', 'KeyAccountDesignated', customerId, customerId, {
      customerId,
      criterion: 'strategic',
      reason: '战略客户',
      keyAccountManagerId: `kam-${suffix}`,
      executiveSponsorId: 'vp-1',
      slot: 1,
      designatedAt: designatedAt.toISOString(),
    });
    const meeting = anyOf(
      'FollowUpScheduled',
      (data) =>
        data['customerId'] === customerId && data['reason'] === 'key_account_annual_meeting',
    );
    const scheduled = await tap.waitFor(meeting, { count: 2, timeoutMs: 30_000 });
    const [first, second] = scheduled.map((record) => dataOf(record));
    expect(first!['ownerId']).toBe(`kam-${suffix}`);
    expect(first!['followUpId']).not.toBe(second!['followUpId']);
    // The second is the meeting a year after the first, its call 30 days before it.
    const secondMeeting = new Date(designatedAt);
    secondMeeting.setUTCFullYear(secondMeeting.getUTCFullYear() + 2);
    expect(second!['scheduledFor']).toBe(
      new Date(secondMeeting.getTime() - 30 * DAY).toISOString(),
    );
    await tap.waitFor(ofType('FollowUpDue', first!['followUpId'] as string));

    await feed.publish('customers', 'KeyAccountRetired', customerId, customerId, {
      customerId,
      reason: 'review',
      slot: 1,
      retiredAt: new Date().toISOString(),
    });
    await tap.waitFor(ofType('FollowUpCancelled', second!['followUpId'] as string));
    expect(tap.records.filter(meeting)).toHaveLength(2);
  });

  it("a leaving rep hands over: the customer's open follow-ups go to the successor; done ones, another rep's visit call and the key-account manager's meeting stay", async () => {
    const customerId = uuidv7();
    const leaving = `rep-leaving-${suffix}`;
    const successor = `rep-successor-${suffix}`;
    const kam = `kam-${suffix}`;
    await feed.publish('customers', 'CustomerRegistered', customerId, customerId, {
      customerId,
      name: '杭州交接测试有限公司',
      nature: 'ordinary_company',
      region: 'east',
      ownerId: leaving,
      keyAccountManagerId: kam,
      registeredAt: new Date().toISOString(),
    });
    await knownToEngagement('engagement_customer_owners', [customerId], "the customer's owner");
    await purchaseOf(customerId, new Date());
    const firstPurchase = `fu-first_purchase-${customerId}`;
    await tap.waitFor(ofType('FollowUpScheduled', firstPurchase));
    const leavingsVisit = await visitAfter(customerId, leaving);
    const leavingsDoneVisit = await visitAfter(customerId, leaving);
    const othersVisit = await visitAfter(customerId, `rep-colleague-${suffix}`);
    await feed.publish('customers', 'KeyAccountDesignated', customerId, customerId, {
      customerId,
      criterion: 'strategic',
      reason: '战略客户',
      keyAccountManagerId: kam,
      executiveSponsorId: 'vp-1',
      slot: 1,
      designatedAt: new Date().toISOString(),
    });
    const [meeting] = await tap.waitFor(
      anyOf(
        'FollowUpScheduled',
        (data) =>
          data['customerId'] === customerId && data['reason'] === 'key_account_annual_meeting',
      ),
    );
    const meetingId = dataOf(meeting!)['followUpId'] as string;
    const asLeaving = await signToken({ sub: leaving, roles: ['sales_rep'] });
    const asSuccessor = await signToken({ sub: successor, roles: ['sales_rep'] });
    const complete = (followUpId: string, token: string) =>
      call(`/engagement/follow-ups/${followUpId}/complete`, token, {
        method: 'POST',
        headers: { 'idempotency-key': uuidv7() },
        body: JSON.stringify({ outcome: 'reached', note: '已回访' }),
      });
    expect((await complete(leavingsDoneVisit, asLeaving)).status).toBe(200);
    await tap.waitFor(ofType('FollowUpCompleted', leavingsDoneVisit));

    // The manager hands the leaving rep's customer over (the key-account manager stays).
    const handOver = {
      customerId,
      ownerId: successor,
      previousOwnerId: leaving,
      keyAccountManagerId: kam,
      assignedAt: new Date().toISOString(),
    };
    await feed.publish('customers', 'CustomerOwnerAssigned', customerId, customerId, handOver);
    const moves = [firstPurchase, leavingsVisit].sort();
    const movedOf = (data: Json) => data['customerId'] === customerId;
    const moved = await tap.waitFor(anyOf('FollowUpReassigned', movedOf), { count: 2 });
    const byId = (a: Json, b: Json) =>
      String(a['followUpId']).localeCompare(String(b['followUpId']));
    expect(moved.map(dataOf).sort(byId)).toEqual(
      moves.map((followUpId) => ({
        followUpId,
        customerId,
        previousOwnerId: leaving,
        ownerId: successor,
        reassignedAt: expect.any(String),
      })),
    );

    // The successor's list has them and they may complete them; the leaving rep's has none left.
    // (A rep also sees the other follow-ups of the customers they own, so filter by holder.)
    const heldBy = async (rep: string, token: string) =>
      (
        (await call(`/engagement/follow-ups?customerId=${customerId}&status=scheduled`, token))
          .body['items'] as Json[]
      )
        .filter((item) => item['ownerId'] === rep)
        .map((item) => item['followUpId'])
        .sort();
    await eventually(
      async () => ((await heldBy(successor, asSuccessor)).length === 2 ? true : undefined),
      { what: "the moved follow-ups in the successor's list" },
    );
    expect(await heldBy(successor, asSuccessor)).toEqual(moves);
    expect(await heldBy(leaving, asLeaving)).toEqual([]);
    expect((await complete(leavingsVisit, asLeaving)).status).toBe(404);
    expect((await complete(leavingsVisit, asSuccessor)).status).toBe(200);

    // The same change delivered again, and a later unrelated one, move nothing more.
    await feed.publish('customers', 'CustomerOwnerAssigned', customerId, customerId, handOver);
    await visitAfter(customerId);
    const reassigned = tap.records.filter(anyOf('FollowUpReassigned', movedOf)).map(dataOf);
    expect(reassigned.map((data) => data['followUpId']).sort()).toEqual(moves);
    for (const stays of [othersVisit, leavingsDoneVisit, meetingId]) {
      expect(tap.records.filter(ofType('FollowUpReassigned', stays))).toHaveLength(0);
    }
  });

  it('a satisfaction call planned before the registration reached engagement goes to the owner once it does', async () => {
    const customerId = uuidv7();
    const complaintId = uuidv7();
    const owner = `rep-late-${suffix}`;
    // The complaints topic came first: nobody is known to own the customer yet.
    const closed = await feed.publish('complaints', 'ComplaintClosed', complaintId, customerId, {
      complaintId,
      actorId: 'agent-1',
      at: new Date().toISOString(),
      satisfaction: 4,
      summary: '更换了水泵密封件',
      rejected: false,
    });
    const followUpId = `fu-complaint_closed-${closed.id}`;
    const [scheduled] = await tap.waitFor(ofType('FollowUpScheduled', followUpId));
    expect(dataOf(scheduled!)['ownerId']).toBe('unassigned');
    await feed.publish('customers', 'CustomerRegistered', customerId, customerId, {
      customerId,
      name: '无锡迟到登记有限公司',
      nature: 'ordinary_company',
      region: 'east',
      ownerId: owner,
      registeredAt: new Date().toISOString(),
    });
    const [moved] = await tap.waitFor(ofType('FollowUpReassigned', followUpId));
    expect(dataOf(moved!)).toMatchObject({ previousOwnerId: 'unassigned', ownerId: owner });
  });

  it('D9: a reactivation call is cancelled when the customer buys again', async () => {
    const customerId = uuidv7();
    const lifecycle = (previousStage: string | null, stage: string) =>
      feed.publish('analytics', 'CustomerLifecycleChanged', `lifecycle-${customerId}`, customerId, {
        customerId,
        previousStage,
        stage,
        intervalDays: 10,
        daysSinceLastPurchase: stage === 'active' ? 0 : 21,
        lastPurchaseAt: new Date().toISOString(),
        effectiveAt: new Date().toISOString(),
      });
    await lifecycle('active', 'drowsy');
    const [scheduled] = await tap.waitFor(
      anyOf(
        'FollowUpScheduled',
        (data) => data['customerId'] === customerId && data['reason'] === 'reactivation_drowsy',
      ),
    );
    const followUpId = dataOf(scheduled!)['followUpId'] as string;
    // Listed under its own reason and under `reactivation` (every drifting stage), not under another.
    const admin = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    const listedAs = async (reason: string) =>
      (
        (await call(`/engagement/follow-ups?customerId=${customerId}&reason=${reason}`, admin))
          .body['items'] as Json[]
      ).map((item) => item['followUpId']);
    await eventually(
      async () => ((await listedAs('reactivation')).length === 1 ? true : undefined),
      { what: 'the reactivation call in the list' },
    );
    expect(await listedAs('reactivation')).toEqual([followUpId]);
    expect(await listedAs('reactivation_drowsy')).toEqual([followUpId]);
    expect(await listedAs('first_purchase')).toEqual([]);
    const unknown = await call(`/engagement/follow-ups?reason=sleepy`, admin);
    expect(unknown.status).toBe(400);
    expect(unknown.body['errors']).toEqual([expect.objectContaining({ field: 'reason' })]);
    await lifecycle('drowsy', 'active');
    const [cancelled] = await tap.waitFor(ofType('FollowUpCancelled', followUpId));
    expect(dataOf(cancelled!)['customerId']).toBe(customerId);
  });

  it('D9: the satisfaction call after a closed complaint names the complaint and what it was about, no text in clear', async () => {
    const customerId = uuidv7();
    const complaintId = uuidv7();
    const at = new Date().toISOString();
    await feed.publish('complaints', 'ComplaintRecorded', complaintId, customerId, {
      complaintId,
      actorId: 'agent-1',
      at,
      customerId,
      channel: 'phone',
      category: 'delivery',
      severity: 'high',
      description: '货物延迟两周到达',
      customerWords: '我们的生产线停了',
      firstResponseDue: at,
      resolutionDue: at,
    });
    const closed = await feed.publish('complaints', 'ComplaintClosed', complaintId, customerId, {
      complaintId,
      actorId: 'agent-1',
      at,
      satisfaction: 4,
      summary: '改用另一家承运商',
      rejected: false,
    });
    const followUpId = `fu-complaint_closed-${closed.id}`;
    const [scheduled] = await tap.waitFor(ofType('FollowUpScheduled', followUpId));
    expect(dataOf(scheduled!)['about']).toEqual({
      complaintId,
      category: 'delivery',
      severity: 'high',
    });
    expect(JSON.stringify(scheduled!.value)).not.toMatch(/货物|生产线|承运商/);
    const admin = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    const listed = await eventually(
      async () => {
        const page = await call(`/engagement/follow-ups?customerId=${customerId}`, admin);
        return (page.body['items'] as Json[] | undefined)?.find(
          (item) => item['followUpId'] === followUpId,
        );
      },
      { what: 'the satisfaction call in the list' },
    );
    expect(listed['about']).toEqual({ complaintId, category: 'delivery', severity: 'high' });
  });

  it('D9: a customer event and a condolence recorded for a contact are greeted on their day; a re-plan keeps them; a past day is refused naming the field', async () => {
    const customerId = uuidv7();
    const contactId = uuidv7();
    await feed.publish('customers', 'ContactAdded', customerId, customerId, {
      customerId,
      contactId,
      contact: { name: '陈经理', timeZone: 'Asia/Shanghai' },
      addedAt: new Date().toISOString(),
    });
    await knownToEngagement('engagement_contacts', [contactId], 'the contact');
    const admin = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    const record = (body: Json, token = admin, customer = customerId) =>
      call(`/engagement/customers/${customer}/occasions`, token, {
        method: 'POST',
        body: JSON.stringify(body),
      });
    const inShanghai = (days: number) =>
      new Date(Date.now() + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
    const condolence = await record({
      occasion: 'condolence',
      contactId,
      date: inShanghai(0),
      label: '董事长家中丧事',
    });
    expect(condolence.status).toBe(200);
    const opening = await record({
      occasion: 'customer_event',
      contactId,
      date: inShanghai(3),
      label: '苏州新工厂开业',
    });
    expect(opening.status).toBe(200);
    const byGreeting = (type: string, greetingId: unknown) =>
      anyOf(type, (data) => data['greetingId'] === greetingId);
    // The condolence is due today (local hour 0): a task, sent; never an automated message.
    const [sent] = await tap.waitFor(byGreeting('GreetingSent', condolence.body['greetingId']));
    expect(dataOf(sent!)).toMatchObject({ occasion: 'condolence', channel: 'task', contactId });
    const [planned] = await tap.waitFor(
      byGreeting('GreetingScheduled', opening.body['greetingId']),
    );
    expect(dataOf(planned!)).toMatchObject({
      occasion: 'customer_event',
      sealed: expect.anything(),
    });
    expect(JSON.stringify(planned!.value)).not.toContain('苏州');

    // A change of the contact re-plans its greetings: the recorded event stays.
    await feed.publish('customers', 'ContactUpdated', customerId, customerId, {
      customerId,
      contactId,
      changes: { birthday: `1980-${inShanghai(5).slice(5)}` },
      updatedAt: new Date().toISOString(),
    });
    await tap.waitFor(
      anyOf(
        'GreetingScheduled',
        (data) => data['contactId'] === contactId && data['occasion'] === 'birthday',
      ),
    );
    expect(
      tap.records.filter(byGreeting('GreetingCancelled', opening.body['greetingId'])),
    ).toHaveLength(0);

    const past = await record({
      occasion: 'customer_event',
      contactId,
      date: inShanghai(-2),
      label: '周年庆',
    });
    expect(past.status).toBe(422);
    expect(JSON.stringify(past.body['errors'])).toContain('date');
    const stranger = await record({
      occasion: 'condolence',
      contactId: uuidv7(),
      date: inShanghai(1),
      label: 'x',
    });
    expect(stranger.status).toBe(404);
    const rep = await signToken({ sub: `rep-elsewhere-${suffix}`, roles: ['sales_rep'] });
    expect(
      (await record({ occasion: 'condolence', contactId, date: inShanghai(1), label: 'x' }, rep))
        .status,
    ).toBe(404);
    expect(
      (await record({ occasion: 'birthday', contactId, date: inShanghai(1), label: 'x' })).status,
    ).toBe(400);
  });

  it('greets by tier: A a task for the manager, B an e-mail over SMTP, C a webhook message dead-lettered when undeliverable', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const birthday = today.endsWith('02-29') ? '1984-02-29' : `1985-${today.slice(5)}`;
    const [tierA, tierB, tierC] = [uuidv7(), uuidv7(), uuidv7()];
    for (const [customerId, tier] of [
      [tierA, 'A'],
      [tierB, 'B'],
    ] as const) {
      await feed.publish('analytics', 'CustomerTierChanged', customerId, customerId, {
        customerId,
        previousTier: null,
        tier,
        revenue: 900_000,
        revenueAbove: 0,
        totalRevenue: 1_000_000,
        effectiveAt: new Date().toISOString(),
      });
    }
    // The tier comes on another topic: the contacts are added once engagement knows it.
    await knownToEngagement('engagement_customer_tiers', [tierA, tierB], 'the tiers');
    const email = `buyer-${suffix}@example.com`;
    const contacts = { A: uuidv7(), B: uuidv7(), C: uuidv7() };
    for (const [customerId, contactId] of [
      [tierA, contacts.A],
      [tierB, contacts.B],
      [tierC, contacts.C],
    ] as const) {
      await feed.publish('customers', 'ContactAdded', customerId, customerId, {
        customerId,
        contactId,
        contact: { name: 'Birthday Today', birthday, timeZone: 'UTC', email },
        addedAt: new Date().toISOString(),
      });
    }
    const byContact = (type: string, contactId: string) => (record: TappedRecord) =>
      record.value['type'] === eventRegistry.typeOf('engagement', type) &&
      dataOf(record)['contactId'] === contactId;
    const [taskSent] = await tap.waitFor(byContact('GreetingSent', contacts.A));
    expect(dataOf(taskSent!)).toMatchObject({ channel: 'task', occasion: 'birthday', attempts: 1 });
    const [mailSent] = await tap.waitFor(byContact('GreetingSent', contacts.B));
    expect(dataOf(mailSent!)).toMatchObject({ channel: 'email', occasion: 'birthday' });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual([`<${email}>`]);
    expect(smtp.mails[0]!.data).toContain('Subject: Happy birthday');
    const [failed] = await tap.waitFor(byContact('GreetingFailed', contacts.C));
    // The error text travels sealed with the customer's key (ADR 90).
    expect(dataOf(failed!)).toMatchObject({
      channel: 'webhook',
      attempts: 2,
      sealed: { paths: expect.arrayContaining(['error']) },
    });
    expect(tap.records.filter(byContact('GreetingSent', contacts.C))).toHaveLength(0);
  });

  it('serves per-queue counts on /metrics and the queue dashboard to admins only', async () => {
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    for (const queue of [
      'engagement-follow-ups',
      'engagement-greeting-webhook',
      'engagement-sweeps',
    ]) {
      for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
        expect(metrics).toMatch(
          new RegExp(`crm_queue_jobs\\{[^}]*queue="${queue}"[^}]*state="${state}"[^}]*\\} \\d+`),
        );
      }
    }
    const admin = await signToken({ sub: 'ops-1', roles: ['admin'] });
    const analyst = await signToken({ sub: 'analyst-1', roles: ['analyst'] });
    const page = await fetch(`${service.url}/admin/queues`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await fetch(`${service.url}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map(
      (queue) => queue.name,
    );
    expect(names).toEqual(
      expect.arrayContaining(['engagement-follow-ups', 'engagement-greeting-webhook']),
    );
    expect(
      (
        await fetch(`${service.url}/admin/queues`, {
          headers: { authorization: `Bearer ${analyst}` },
        })
      ).status,
    ).toBe(403);
    expect((await fetch(`${service.url}/admin/queues/api/queues`)).status).toBe(401);
  });
});
