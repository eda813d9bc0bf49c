import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry, Topics } from '@crm/contracts';
import { JobQueues } from '@crm/jobs';
import {
  eventually,
  serviceEnv,
  testTopic,
  TopicTap,
  uniqueSuffix,
  UpstreamFeed,
  type RunningService,
  type TappedRecord,
} from '@crm/testing';
import { startAnalytics } from './service-support';

const suffix = uniqueSuffix();
const jobsPrefix = `test-${suffix}`;
const env = serviceEnv('analytics', suffix, {
  ENGAGEMENT_JOBS_PREFIX: jobsPrefix,
  GREETING_LOCAL_HOUR: '9',
  GREETING_FESTIVALS: 'none',
  GREETING_PUBLIC_HOLIDAYS: 'none',
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

    const merged = { duplicateId, survivorId, mergedAt: new Date().toISOString() };
    await feed.publish('customers', 'CustomerMerged', duplicateId, duplicateId, {
      ...merged,
      customerId: duplicateId,
      role: 'duplicate',
    });
    await feed.publish('customers', 'CustomerMerged', survivorId, survivorId, {
      ...merged,
      customerId: survivorId,
      role: 'survivor',
      carried: {
        purchases: [],
        revenue: 0,
        pointsBalance: 0,
        pointsUsed: 0,
        contacts: [{ contactId, contact }],
      },
    });
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
});
