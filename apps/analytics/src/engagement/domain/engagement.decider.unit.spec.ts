import { EngagementError, EngagementErrorCode } from './engagement.errors';
import { decideFollowUp, foldFollowUp } from './follow-up.decider';
import { decideGreeting, foldGreeting } from './greeting.decider';

const now = new Date('2026-11-24T10:00:00Z');
const identity = {
  greetingId: 'gr-c-birthday-2027',
  customerId: 'cu',
  contactId: 'c',
  occasion: 'birthday' as const,
  year: 2027,
};
const schedule = (at: string) => ({
  kind: 'schedule' as const,
  channel: 'webhook' as const,
  scheduledFor: new Date(at),
  timeZone: 'UTC',
  reason: 'birthday',
  now,
});

describe('greeting decider', () => {
  it('schedules once, moves on a new time, cancels only a pending greeting, and never repeats a sent one', () => {
    const first = decideGreeting(schedule('2027-01-01T09:00:00Z'), foldGreeting([]), identity);
    expect(first.map((event) => event.type)).toEqual(['GreetingScheduled']);
    expect(decideGreeting(schedule('2027-01-01T09:00:00Z'), foldGreeting(first), identity)).toEqual(
      [],
    );
    const moved = decideGreeting(schedule('2027-01-02T09:00:00Z'), foldGreeting(first), identity);
    expect(moved[0]).toMatchObject({
      type: 'GreetingScheduled',
      data: { scheduledFor: '2027-01-02T09:00:00.000Z' },
    });
    const sent = decideGreeting(
      { kind: 'record-sent', channel: 'webhook', attempts: 2, now },
      foldGreeting(first),
      identity,
    );
    expect(sent.map((event) => event.type)).toEqual(['GreetingSent']);
    const afterSend = foldGreeting([...first, ...sent]);
    expect(
      decideGreeting(
        { kind: 'record-sent', channel: 'webhook', attempts: 3, now },
        afterSend,
        identity,
      ),
    ).toEqual([]);
    expect(decideGreeting({ kind: 'cancel', reason: 'x', now }, afterSend, identity)).toEqual([]);
    expect(
      decideGreeting(
        { kind: 'cancel', reason: 'contact removed', now },
        foldGreeting(first),
        identity,
      )[0]?.type,
    ).toBe('GreetingCancelled');
  });
});

describe('greeting decider: a contact carried over by a merge', () => {
  it('schedules the same greeting again under the survivor, once, and not after it was sent', () => {
    const first = decideGreeting(schedule('2027-01-01T09:00:00Z'), foldGreeting([]), identity);
    const survivor = { ...identity, customerId: 'survivor' };
    const moved = decideGreeting(schedule('2027-01-01T09:00:00Z'), foldGreeting(first), survivor);
    expect(moved).toEqual([
      expect.objectContaining({
        type: 'GreetingScheduled',
        data: expect.objectContaining({ greetingId: identity.greetingId, customerId: 'survivor' }),
      }),
    ]);
    expect(foldGreeting([...first, ...moved]).customerId).toBe('survivor');
    expect(
      decideGreeting(
        schedule('2027-01-01T09:00:00Z'),
        foldGreeting([...first, ...moved]),
        survivor,
      ),
    ).toEqual([]);
    const sent = decideGreeting(
      { kind: 'record-sent', channel: 'webhook', attempts: 1, now },
      foldGreeting(first),
      identity,
    );
    expect(
      decideGreeting(schedule('2027-01-01T09:00:00Z'), foldGreeting([...first, ...sent]), survivor),
    ).toEqual([]);
  });
});

describe('greeting decider: late the same day', () => {
  it('keeps a greeting that is already due rather than moving it to a later "now"', () => {
    const due = decideGreeting(
      { ...schedule('2026-11-24T10:00:00Z'), now },
      foldGreeting([]),
      identity,
    );
    const later = new Date('2026-11-24T10:00:05Z');
    expect(
      decideGreeting({ ...schedule(later.toISOString()), now: later }, foldGreeting(due), identity),
    ).toEqual([]);
  });
});

/** Schedules follow-up fu-1 of customer cu for its owner, due now. */
const scheduleFor = (ownerId: string, reason: 'complaint_closed' | 'first_purchase') =>
  ({
    kind: 'schedule',
    followUpId: 'fu-1',
    customerId: 'cu',
    ownerId,
    reason,
    channel: 'task',
    scheduledFor: now,
    sourceEventId: 'e',
    now,
  }) as const;

/** `actorId` completes follow-up fu-1, having reached the customer. */
const complete = (actorId: string) =>
  ({
    kind: 'complete',
    followUpId: 'fu-1',
    outcome: 'reached',
    actorId,
    actorMayCompleteAny: false,
    now,
  }) as const;

describe('follow-up decider', () => {
  const scheduled = decideFollowUp(scheduleFor('rep-1', 'complaint_closed'), foldFollowUp([]));

  it('goes scheduled → due → completed with the score', () => {
    const due = decideFollowUp(
      { kind: 'mark-due', followUpId: 'fu-1', now },
      foldFollowUp(scheduled),
    );
    expect(due.map((event) => event.type)).toEqual(['FollowUpDue']);
    const completed = decideFollowUp(
      { ...complete('rep-1'), satisfactionScore: 5 },
      foldFollowUp([...scheduled, ...due]),
    );
    expect(completed[0]).toMatchObject({
      type: 'FollowUpCompleted',
      data: { satisfactionScore: 5, ownerId: 'rep-1' },
    });
  });

  it('refuses completing a closed one (naming its state) or another owner’s', () => {
    const completed = decideFollowUp(complete('rep-1'), foldFollowUp(scheduled));
    const again = () =>
      decideFollowUp(complete('rep-1'), foldFollowUp([...scheduled, ...completed]));
    expect(again).toThrow(
      expect.objectContaining({
        code: EngagementErrorCode.FollowUpNotOpen,
        details: expect.objectContaining({ currentState: 'completed' }),
      }) as EngagementError,
    );
    expect(() => decideFollowUp(complete('rep-2'), foldFollowUp(scheduled))).toThrow(
      // Someone else's follow-up answers as a missing one: its deterministic id tells nothing.
      expect.objectContaining({
        code: EngagementErrorCode.FollowUpNotFound,
        message: 'follow-up fu-1 does not exist',
      }) as EngagementError,
    );
    expect(decideFollowUp(scheduleFor('x', 'complaint_closed'), foldFollowUp(scheduled))).toEqual(
      [],
    );
  });
});

describe('follow-up decider: the customer changes hands', () => {
  const scheduled = decideFollowUp(scheduleFor('rep-leaving', 'first_purchase'), foldFollowUp([]));
  const reassign = (from: string, to: string) =>
    ({ kind: 'reassign', followUpId: 'fu-1', from, to, now }) as const;

  it('moves an open follow-up of the previous owner to the successor, who may then complete it', () => {
    const moved = decideFollowUp(reassign('rep-leaving', 'rep-successor'), foldFollowUp(scheduled));
    expect(moved).toEqual([
      {
        type: 'FollowUpReassigned',
        data: {
          followUpId: 'fu-1',
          customerId: 'cu',
          previousOwnerId: 'rep-leaving',
          ownerId: 'rep-successor',
          reassignedAt: now.toISOString(),
        },
      },
    ]);
    const after = foldFollowUp([...scheduled, ...moved]);
    expect(after).toMatchObject({ status: 'scheduled', ownerId: 'rep-successor' });
    expect(decideFollowUp(complete('rep-successor'), after)[0]?.type).toBe('FollowUpCompleted');
    expect(() => decideFollowUp(complete('rep-leaving'), after)).toThrow(
      expect.objectContaining({ code: EngagementErrorCode.FollowUpNotFound }) as EngagementError,
    );
    // A redelivered change finds the successor holding it already.
    expect(decideFollowUp(reassign('rep-leaving', 'rep-successor'), after)).toEqual([]);
  });

  it("leaves someone else's, a done or a withdrawn follow-up where it is", () => {
    expect(decideFollowUp(reassign('rep-other', 'rep-successor'), foldFollowUp(scheduled))).toEqual(
      [],
    );
    expect(decideFollowUp(reassign('rep-leaving', 'rep-leaving'), foldFollowUp(scheduled))).toEqual(
      [],
    );
    const completed = decideFollowUp(complete('rep-leaving'), foldFollowUp(scheduled));
    const cancelled = decideFollowUp(
      { kind: 'cancel', followUpId: 'fu-1', reason: 'customer erased', actorId: 'system', now },
      foldFollowUp(scheduled),
    );
    for (const closed of [completed, cancelled]) {
      expect(
        decideFollowUp(
          reassign('rep-leaving', 'rep-successor'),
          foldFollowUp([...scheduled, ...closed]),
        ),
      ).toEqual([]);
    }
    expect(decideFollowUp(reassign('rep-leaving', 'rep-successor'), foldFollowUp([]))).toEqual([]);
  });
});
