import type { VisitEvent } from '@crm/contracts';
import {
  decideVisit,
  evolveVisit,
  initialVisitState,
  missedCheckDueAt,
  type VisitCommand,
  type VisitState,
} from './visit.decider';
import { VisitErrorCode } from './visit.errors';

const now = new Date('2026-12-01T02:00:00.000Z');
const details = {
  visitId: 'v-1',
  customerId: 'c-1',
  repId: 'rep-1',
  region: 'east',
  plannedDate: '2026-12-02',
  timeZone: 'Asia/Shanghai',
  channel: 'face_to_face' as const,
  purpose: 'Present the 2027 line',
};
const policy = { endOfDayOffsetMs: 0 };

const given = (...commands: VisitCommand[]): VisitState =>
  commands.reduce<VisitState>(
    (state, command) => decideVisit(command, state).reduce<VisitState>(evolveVisit, state),
    initialVisitState,
  );
const plan: VisitCommand = { type: 'PlanVisit', data: details, now };
const cancel: VisitCommand = { type: 'CancelVisit', data: { reason: 'closed for inventory' }, now };
/** 10:00 in Shanghai on the planned day. */
const onTheDay = new Date('2026-12-02T02:00:00.000Z');
const complete: VisitCommand = {
  type: 'CompleteVisit',
  data: { outcome: 'demo done', feedbackScore: 4, progress: ['demo_agreed', 'demo_agreed'] },
  now: onTheDay,
};
const codeOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('visit decider (D4)', () => {
  it('given a visit planned for tomorrow, when completing it today, then it is refused: not yet due', () => {
    // 23:59 in Shanghai the day before: a minute early is still early (the rep's zone decides).
    const dayBefore = new Date('2026-12-01T15:59:00.000Z');
    expect(codeOf(() => decideVisit({ ...complete, now: dayBefore }, given(plan)))).toMatchObject({
      code: VisitErrorCode.NotYetDue,
    });
    expect(
      decideVisit({ ...complete, now: new Date('2026-12-01T16:00:00.000Z') }, given(plan)),
    ).toHaveLength(1);
  });

  it('given nothing, when planning, then VisitPlanned carries the visit and the time', () => {
    expect(decideVisit(plan, initialVisitState)).toEqual([
      { type: 'VisitPlanned', data: { ...details, plannedAt: now.toISOString() } },
    ]);
  });

  it('given a planned visit, when completing, then VisitCompleted carries feedback and distinct progress', () => {
    const [event] = decideVisit(complete, given(plan)) as [VisitEvent];
    expect(event).toMatchObject({
      type: 'VisitCompleted',
      data: {
        feedbackScore: 4,
        progress: ['demo_agreed'],
        plannedDate: '2026-12-02',
        customerId: 'c-1',
      },
    });
    expect(evolveVisit(given(plan), event)).toMatchObject({
      status: 'completed',
      feedbackScore: 4,
    });
  });

  it('given a planned visit, when rescheduling, then the new day is recorded and the old one named', () => {
    const state = given(plan, {
      type: 'RescheduleVisit',
      data: { plannedDate: '2026-12-05' },
      now,
    });
    expect(state).toMatchObject({ status: 'planned', plannedDate: '2026-12-05' });
    expect(() =>
      decideVisit({ type: 'RescheduleVisit', data: { plannedDate: '2026-12-05' }, now }, state),
    ).toThrow(expect.objectContaining({ code: VisitErrorCode.SameDate }) as Error);
  });

  it.each([
    ['cancelled', [plan, cancel], complete],
    ['completed', [plan, complete], cancel],
    [
      'cancelled',
      [plan, cancel],
      { type: 'RescheduleVisit', data: { plannedDate: '2026-12-09' }, now },
    ],
  ] as [string, VisitCommand[], VisitCommand][])(
    'given a %s visit, when %#, then it is refused naming the current state',
    (status, history, command) => {
      expect(codeOf(() => decideVisit(command, given(...history)))).toMatchObject({
        code: VisitErrorCode.IllegalTransition,
        details: { currentState: status, allowed: [] },
      });
    },
  );

  it('given no visit, when completing, then it is not found; given a visit, when planning again, it is refused', () => {
    expect(codeOf(() => decideVisit(complete, initialVisitState))).toMatchObject({
      code: VisitErrorCode.NotFound,
    });
    expect(codeOf(() => decideVisit(plan, given(plan)))).toMatchObject({
      code: VisitErrorCode.AlreadyPlanned,
    });
  });

  describe('missed (end of its day in the rep zone)', () => {
    const dueAt = missedCheckDueAt(details, policy);

    it('is due when the day ends in Asia/Shanghai: 16:00 UTC the same day', () => {
      expect(dueAt.toISOString()).toBe('2026-12-02T16:00:00.000Z');
      expect(
        missedCheckDueAt(
          { plannedDate: '2026-07-01', timeZone: 'America/New_York' },
          policy,
        ).toISOString(),
      ).toBe('2026-07-02T04:00:00.000Z');
      expect(missedCheckDueAt(details, { endOfDayOffsetMs: -60_000 }).toISOString()).toBe(
        '2026-12-02T15:59:00.000Z',
      );
    });

    it('given a planned visit after its day, when checked, then VisitMissed once', () => {
      const check: VisitCommand = { type: 'MarkVisitMissed', policy, now: dueAt };
      const [event] = decideVisit(check, given(plan)) as [VisitEvent];
      expect(event).toMatchObject({
        type: 'VisitMissed',
        data: { visitId: 'v-1', missedAt: dueAt.toISOString() },
      });
      const missed = evolveVisit(given(plan), event);
      expect(missed.status).toBe('missed');
      expect(decideVisit(check, missed)).toEqual([]);
    });

    it('given a planned visit before its day ended, when checked, then nothing happens', () => {
      const early: VisitCommand = {
        type: 'MarkVisitMissed',
        policy,
        now: new Date(dueAt.getTime() - 1),
      };
      expect(decideVisit(early, given(plan))).toEqual([]);
    });

    it('given a completed or cancelled visit, when checked, then nothing happens', () => {
      const check: VisitCommand = { type: 'MarkVisitMissed', policy, now: dueAt };
      expect(decideVisit(check, given(plan, complete))).toEqual([]);
      expect(decideVisit(check, given(plan, cancel))).toEqual([]);
    });
  });
});
