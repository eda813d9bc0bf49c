import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import { ERASED_TEXT, eventRegistry, Topics } from '@crm/contracts';
import { JobQueues } from '@crm/jobs';
import {
  eventually,
  organizationFile,
  signToken,
  testTopic,
  TopicTap,
  uniqueSuffix,
  UpstreamFeed,
  type RunningService,
  type TappedRecord,
} from '@crm/testing';
import { engagementEnv } from './engagement-support';
import { startAnalytics } from './service-support';

const suffix = uniqueSuffix();
const jobsPrefix = `test-${suffix}`;
const env = engagementEnv(suffix, {
  GREETING_LOCAL_HOUR: '9',
  // The people of the greetings list: two reps of two regions, the east's manager, an analyst.
  ORGANIZATION_FILE: organizationFile(
    ['east', 'west'],
    [
      { id: `mgr-${suffix}`, roles: ['sales_manager'], region: 'east' },
      { id: `rep-east-${suffix}`, roles: ['sales_rep'], region: 'east' },
      { id: `rep-west-${suffix}`, roles: ['sales_rep'], region: 'west' },
    ],
  ),
});

type Json = Record<string, unknown>;
const dataOf = (record: TappedRecord) => record.value['data'] as Json;

/** The next local `month-day` at 09:00 in a zone, from now (29 Feb → 28 Feb when the year lacks it). */
const nextNineOClock = (month: number, day: number, zone: string): { year: number; at: string } => {
  const now = DateTime.now().setZone(zone);
  for (const year of [now.year, now.year + 1]) {
    const leap = DateTime.fromObject({ year }, { zone }).isInLeapYear;
    const at = DateTime.fromObject(
      { year, month, day: month === 2 && day === 29 && !leap ? 28 : day, hour: 9 },
      { zone },
    );
    if (at > now) return { year, at: at.toUTC().toISO()! };
  }
  throw new Error('unreachable');
};

describe('greetings: scheduled in the contact’s time zone, moved and cancelled with the contact', () => {
  let service: RunningService;
  let tap: TopicTap;
  let feed: UpstreamFeed;
  let queues: JobQueues;

  beforeAll(async () => {
    tap = await new TopicTap(testTopic(suffix, Topics.engagement)).open();
    feed = new UpstreamFeed(suffix, { origin: 'engagement-test' });
    await feed.connect();
    service = await startAnalytics({ ...env, INSTANCE_ID: `a-${suffix}` });
    queues = new JobQueues({
      redisUrl: process.env['REDIS_URL']!,
      prefix: jobsPrefix,
      keepCompleted: { ageSeconds: 60, count: 100 },
      keepFailed: { ageSeconds: 60 },
    });
  });

  afterAll(async () => {
    await service?.stop();
    await queues?.close();
    await feed?.disconnect();
    await tap?.close();
  });

  const greetingEvents = (contactId: string, type: string) => (record: TappedRecord) =>
    record.value['type'] === eventRegistry.typeOf('engagement', type) &&
    dataOf(record)['contactId'] === contactId;

  const delayedJobIds = async (): Promise<string[]> =>
    (await queues.queue('engagement-greeting-webhook').getDelayed())
      .map((job) => job.id ?? '')
      .filter((id) => id.includes('-birthday-'));

  const addContact = (customerId: string, contactId: string, contact: Json) =>
    feed.publish('customers', 'ContactAdded', customerId, customerId, {
      customerId,
      contactId,
      contact,
      addedAt: new Date().toISOString(),
    });

  it('schedules Asia/Shanghai and America/New_York birthdays at 09:00 local, 29 February on the 28th in other years, and moves and cancels them', async () => {
    const customerId = uuidv7();
    const shanghai = uuidv7();
    const newYork = uuidv7();
    const leap = uuidv7();
    await addContact(customerId, shanghai, {
      name: 'Li Wei',
      birthday: '1980-03-14',
      timeZone: 'Asia/Shanghai',
    });
    await addContact(customerId, newYork, {
      name: 'Ann Lee',
      birthday: '1975-07-04',
      timeZone: 'America/New_York',
    });
    await addContact(customerId, leap, {
      name: 'Leap Day',
      birthday: '1988-02-29',
      timeZone: 'Europe/Berlin',
    });

    const expectations: [string, number, number, string][] = [
      [shanghai, 3, 14, 'Asia/Shanghai'],
      [newYork, 7, 4, 'America/New_York'],
      [leap, 2, 29, 'Europe/Berlin'],
    ];
    for (const [contactId, month, day, zone] of expectations) {
      const [scheduled] = await tap.waitFor(greetingEvents(contactId, 'GreetingScheduled'));
      const expected = nextNineOClock(month, day, zone);
      expect(dataOf(scheduled!)).toMatchObject({
        occasion: 'birthday',
        year: expected.year,
        timeZone: zone,
        channel: 'webhook', // tier unknown → C → an automated message
        greetingId: `gr-${contactId}-birthday-${expected.year}`,
      });
      expect(new Date(dataOf(scheduled!)['scheduledFor'] as string).toISOString()).toBe(
        new Date(expected.at).toISOString(),
      );
      expect(scheduled!.key).toBe(customerId);
    }
    // One delayed job per greeting, due at its time.
    await eventually(async () =>
      (await delayedJobIds()).filter((id) => id.includes(shanghai)).length === 1 ? true : undefined,
    );

    // Changing the birthday moves the pending greeting: GreetingScheduled again, the job replaced.
    await feed.publish('customers', 'ContactUpdated', customerId, customerId, {
      customerId,
      contactId: shanghai,
      changes: { birthday: '1980-12-30' },
      updatedAt: new Date().toISOString(),
    });
    const moved = nextNineOClock(12, 30, 'Asia/Shanghai');
    const [reScheduled] = await tap.waitFor(
      (record) =>
        greetingEvents(shanghai, 'GreetingScheduled')(record) &&
        new Date(dataOf(record)['scheduledFor'] as string).toISOString() ===
          new Date(moved.at).toISOString(),
    );
    expect(dataOf(reScheduled!)['greetingId']).toBe(`gr-${shanghai}-birthday-${moved.year}`);
    await eventually(
      async () => {
        const ids = (await delayedJobIds()).filter((id) => id.includes(shanghai));
        return ids.length === 1 && ids[0]!.endsWith(String(new Date(moved.at).getTime()))
          ? true
          : undefined;
      },
      { what: 'the moved job alone' },
    );

    // Deleting the contact cancels its greeting and removes the job; opting out does too.
    await feed.publish('customers', 'ContactRemoved', customerId, customerId, {
      customerId,
      contactId: newYork,
      removedAt: new Date().toISOString(),
    });
    const [cancelled] = await tap.waitFor(greetingEvents(newYork, 'GreetingCancelled'));
    // The reason is free text about the contact: on the wire it travels sealed (ADR 90).
    expect(dataOf(cancelled!)).toMatchObject({
      occasion: 'birthday',
      sealed: { paths: expect.arrayContaining(['reason']) },
    });
    expect(JSON.stringify(dataOf(cancelled!))).not.toContain('contact removed');
    await feed.publish('customers', 'ContactUpdated', customerId, customerId, {
      customerId,
      contactId: leap,
      changes: { optedOut: true },
      updatedAt: new Date().toISOString(),
    });
    const [optedOut] = await tap.waitFor(greetingEvents(leap, 'GreetingCancelled'));
    expect(dataOf(optedOut!)).toMatchObject({
      sealed: { paths: expect.arrayContaining(['reason']) },
    });
    expect(JSON.stringify(dataOf(optedOut!))).not.toContain('contact opted out');
    await eventually(
      async () => {
        const ids = await delayedJobIds();
        return ids.some((id) => id.includes(newYork) || id.includes(leap)) ? undefined : true;
      },
      { what: 'the cancelled jobs removed' },
    );
  });

  it('greets a contact carried over by a merge under the survivor: the same greeting, sealed with the survivor’s key, one job', async () => {
    const duplicateId = uuidv7();
    const survivorId = uuidv7();
    const contactId = uuidv7();
    const contact = { name: '王丽', birthday: '1980-03-14', timeZone: 'Asia/Shanghai' };
    // The duplicate's stream gets ahead of the survivor's: its versions must not block the move.
    await addContact(duplicateId, contactId, contact);
    await feed.publish('customers', 'ContactUpdated', duplicateId, duplicateId, {
      customerId: duplicateId,
      contactId,
      changes: { title: '采购总监' },
      updatedAt: new Date().toISOString(),
    });
    const [before] = await tap.waitFor(greetingEvents(contactId, 'GreetingScheduled'));
    expect(before!.key).toBe(duplicateId);
    const greetingId = dataOf(before!)['greetingId'];

    await feed.mergeCustomers(duplicateId, survivorId, { contacts: [{ contactId, contact }] });
    const [moved] = await tap.waitFor(
      (record) =>
        greetingEvents(contactId, 'GreetingScheduled')(record) && record.key === survivorId,
    );
    expect(dataOf(moved!)).toMatchObject({
      greetingId,
      customerId: survivorId,
      sealed: { kid: `engagement/${survivorId}`, paths: expect.arrayContaining(['reason']) },
    });
    // The reason names the date: it travels sealed ("[erased]" beside it); the time stays clear.
    expect(dataOf(moved!)['reason']).toBe('[erased]');
    expect(JSON.stringify(dataOf(moved!))).not.toContain('birthday on');

    // The survivor's stream now speaks for the contact: its next version moves the greeting.
    await feed.publish('customers', 'ContactUpdated', survivorId, survivorId, {
      customerId: survivorId,
      contactId,
      changes: { birthday: '1980-12-30' },
      updatedAt: new Date().toISOString(),
    });
    const december = nextNineOClock(12, 30, 'Asia/Shanghai');
    const [rescheduled] = await tap.waitFor(
      (record) =>
        greetingEvents(contactId, 'GreetingScheduled')(record) &&
        new Date(dataOf(record)['scheduledFor'] as string).toISOString() ===
          new Date(december.at).toISOString(),
    );
    expect(rescheduled!.key).toBe(survivorId);
    await eventually(
      async () => {
        const ids = (await delayedJobIds()).filter((id) => id.includes(contactId));
        return ids.length === 1 && ids[0]!.endsWith(String(new Date(december.at).getTime()))
          ? true
          : undefined;
      },
      { what: 'one job for the carried contact, at its new date' },
    );
  });

  describe('GET /engagement/greetings', () => {
    const repEast = `rep-east-${suffix}`;
    const repWest = `rep-west-${suffix}`;
    const manager = `mgr-${suffix}`;
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      tokens[repEast] = await signToken({ sub: repEast, roles: ['sales_rep'] });
      tokens[repWest] = await signToken({ sub: repWest, roles: ['sales_rep'] });
      tokens[manager] = await signToken({ sub: manager, roles: ['sales_manager'] });
      tokens['analyst'] = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
    });

    const list = async (who: string, query = '') => {
      const response = await fetch(`${service.url}/engagement/greetings${query}`, {
        headers: { authorization: `Bearer ${tokens[who]}` },
      });
      return {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        body: (await response.json()) as Json,
      };
    };
    const itemsOf = (body: Json) => body['items'] as Json[];
    const register = (customerId: string, name: string, region: string, ownerId: string) =>
      feed.publish('customers', 'CustomerRegistered', customerId, customerId, {
        customerId,
        name,
        nature: 'ordinary_company',
        region,
        ownerId,
        registeredAt: new Date().toISOString(),
      });

    it('shows the owner the planned birthday of their customer’s contact, not another rep’s; the region to its manager; the contact masked to an analyst; the name gone after erasure', async () => {
      const east = uuidv7();
      const west = uuidv7();
      const eastContact = uuidv7();
      const westContact = uuidv7();
      // A birthday ten days from now where the contact lives: planned this year (or early next).
      const day = DateTime.now().setZone('Asia/Shanghai').plus({ days: 10 });
      const birthday = `1982-${day.toFormat('MM-dd')}`;
      await register(east, '杭州祝福贸易有限公司', 'east', repEast);
      await register(west, '成都祝福科技有限公司', 'west', repWest);
      await addContact(east, eastContact, {
        name: '王芳芳采购经理',
        birthday,
        timeZone: 'Asia/Shanghai',
      });
      await addContact(west, westContact, { name: '李雷', birthday, timeZone: 'Asia/Shanghai' });

      const expected = nextNineOClock(day.month, day.day, 'Asia/Shanghai');
      const ofContact = (contactId: string) => (item: Json) =>
        (item['contact'] as Json)['contactId'] === contactId;
      const eastsList = await eventually(
        async () => {
          const answer = await list(repEast, `?customerId=${east}`);
          const item = itemsOf(answer.body).find(ofContact(eastContact));
          return item && item['responsibleRepId'] ? answer : undefined;
        },
        { what: "the east customer's greeting in its owner's list", timeoutMs: 30_000 },
      );
      expect(eastsList.status).toBe(200);
      expect(itemsOf(eastsList.body)).toEqual([
        {
          greetingId: `gr-${eastContact}-birthday-${expected.year}`,
          customerId: east,
          customerName: expect.any(String),
          contact: { contactId: eastContact, name: '王芳芳采购经理' },
          occasion: { kind: 'birthday', label: '生日', year: expected.year },
          dueAt: new Date(expected.at).toISOString(),
          dueDate: day.set({ year: expected.year }).toISODate(),
          timeZone: 'Asia/Shanghai',
          channel: 'webhook', // no tier yet → C → an automated message
          status: 'planned',
          closedAt: null,
          responsibleRepId: repEast,
          region: 'east',
        },
      ]);
      // Both are planned: each rep sees their own customer's greeting and not the other's.
      await eventually(
        async () =>
          itemsOf((await list(repWest)).body).some(ofContact(westContact)) ? true : undefined,
        { what: "the west customer's greeting in its owner's list" },
      );
      const eastAll = itemsOf((await list(repEast)).body);
      expect(eastAll.some(ofContact(eastContact))).toBe(true);
      expect(eastAll.some(ofContact(westContact))).toBe(false);
      expect(itemsOf((await list(repWest)).body).some(ofContact(eastContact))).toBe(false);

      // The east's manager sees the east, not the west.
      const managers = itemsOf((await list(manager)).body);
      expect(managers.filter(ofContact(eastContact))).toHaveLength(1);
      expect(managers.some(ofContact(westContact))).toBe(false);

      // An analyst sees every customer's greeting, the contact's name masked (a hint of its end).
      const analysts = itemsOf((await list('analyst')).body);
      expect(analysts.find(ofContact(eastContact))!['contact']).toEqual({
        contactId: eastContact,
        name: '***经理',
      });
      expect((analysts.find(ofContact(westContact))!['contact'] as Json)['name']).toBe('***');
      expect(JSON.stringify(analysts)).not.toContain('王芳芳');

      // Filters: the due window and the status.
      const window = `from=${encodeURIComponent(new Date(new Date(expected.at).getTime() - 60_000).toISOString())}&to=${encodeURIComponent(new Date(new Date(expected.at).getTime() + 60_000).toISOString())}`;
      expect(itemsOf((await list(repEast, `?${window}&status=planned`)).body)).toHaveLength(1);
      expect(itemsOf((await list(repEast, `?${window}&status=sent,failed`)).body)).toHaveLength(0);
      const after = new Date(new Date(expected.at).getTime() + 60_000).toISOString();
      expect(
        itemsOf(
          (await list(repEast, `?customerId=${east}&from=${encodeURIComponent(after)}`)).body,
        ),
      ).toHaveLength(0);

      // Erasure: the greeting is withdrawn and the contact's name is gone from the list.
      await feed.publish('customers', 'CustomerErased', east, east, {
        customerId: east,
        reason: 'data_subject_request',
        requestReference: 'PIPL-2026-0135',
        erasedAt: new Date().toISOString(),
      });
      const erased = await eventually(
        async () => {
          const [item] = itemsOf((await list(repEast, `?customerId=${east}`)).body);
          return item &&
            item['status'] === 'cancelled' &&
            (item['contact'] as Json)['name'] === ERASED_TEXT
            ? item
            : undefined;
        },
        { what: "the erased customer's greeting without its contact's name", timeoutMs: 30_000 },
      );
      expect(erased['closedAt']).toEqual(expect.any(String));
      for (const who of [repEast, manager, 'analyst']) {
        expect(JSON.stringify((await list(who)).body)).not.toContain('王芳芳');
      }
    });

    it('answers a bad query with 400 problem+json naming the field', async () => {
      const cases: [string, string][] = [
        ['?status=due', 'status'],
        ['?status=planned,bogus', 'status'],
        ['?from=yesterday', 'from'],
        ['?to=2026-13-01T00:00:00Z', 'to'],
        ['?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'to'],
        ['?limit=0', 'limit'],
        ['?cursor=not%20a%20cursor', 'cursor'],
        ['?ownerId=someone', 'ownerId'],
      ];
      for (const [query, field] of cases) {
        const answer = await list(repEast, query);
        expect({ query, status: answer.status, type: answer.type }).toEqual({
          query,
          status: 400,
          type: expect.stringContaining('application/problem+json'),
        });
        expect((answer.body['errors'] as { field: string }[]).map((e) => e.field)).toContain(field);
      }
    });
  });
});
