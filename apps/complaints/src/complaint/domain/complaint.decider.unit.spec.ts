import type { ComplaintEvent } from '@crm/contracts';
import { decideComplaint, evolveComplaint } from './complaint.decider';
import type { ComplaintState } from './complaint.state';
import { runningDeadlines } from './sla.decider';
import { ComplaintError, ComplaintErrorCode } from './complaint.errors';
import {
  agent,
  DAY,
  HAPPY_PATH_EVENTS,
  higherApprover,
  HOUR,
  pathTo,
  record,
  run,
  steps,
  supervisor,
  T0,
  testPolicy,
} from '@apps/complaints/test/complaint.fixtures';

const types = (events: readonly ComplaintEvent[]) => events.map((event) => event.type);
const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

const codeOf = (action: () => unknown): ComplaintErrorCode | undefined => {
  try {
    action();
  } catch (error) {
    if (error instanceof ComplaintError) return error.code;
    throw error;
  }
  return undefined;
};

const recorded = (state: ComplaintState) => {
  if (!state.recorded) throw new Error('expected a recorded complaint');
  return state;
};

describe('complaint decider (D7)', () => {
  it('given a new complaint, when recorded, then its SLA deadlines follow the policy', () => {
    const { events, state } = run([record]);
    expect(events).toEqual([
      {
        type: 'ComplaintRecorded',
        data: {
          ...record.data,
          actorId: agent.userId,
          at: T0.toISOString(),
          firstResponseDue: at(4 * HOUR).toISOString(),
          resolutionDue: at(24 * HOUR).toISOString(),
        },
      },
    ]);
    expect(runningDeadlines(state)).toEqual([
      { kind: 'first_response', due: at(4 * HOUR).toISOString() },
      { kind: 'resolution', due: at(24 * HOUR).toISOString() },
    ]);
  });

  it('walks the happy path in D7 order, each step with its actor', () => {
    const { events, state } = run(pathTo.closed);
    expect(types(events)).toEqual(HAPPY_PATH_EVENTS);
    expect(events.find((event) => event.type === 'ResolutionApproved')?.data).toMatchObject({
      actorId: supervisor.userId,
      cost: 1800,
      higherApproval: false,
    });
    expect(events.at(-1)?.data).toMatchObject({ satisfaction: 4, rejected: false });
    expect(recorded(state)).toMatchObject({
      status: 'closed',
      department: 'logistics',
      handlerId: 'agent-2',
    });
    expect(runningDeadlines(state)).toEqual([]);
  });

  it('walks the rejected path: a reasoned reply, then closed with an evaluation', () => {
    const { events, state } = run([record, steps.reject, steps.close]);
    expect(types(events)).toEqual(['ComplaintRecorded', 'ComplaintRejected', 'ComplaintClosed']);
    expect(events[1]?.data).toMatchObject({ reason: 'Delivered on the agreed date.' });
    expect(events[2]?.data).toMatchObject({ rejected: true });
    expect(recorded(state).status).toBe('closed');
  });

  it('goes back to the proposal when sent back or when the customer disagrees', () => {
    const sentBack = run([...pathTo.sent_back, steps.propose]);
    expect(recorded(sentBack.state).status).toBe('resolution_proposed');
    const disagreed = run([...pathTo.customer_disagreed, steps.propose]);
    expect(recorded(disagreed.state).status).toBe('resolution_proposed');
  });

  describe('approval above the cost threshold', () => {
    const expensive = run([record, steps.validate, steps.assign, steps.proposeExpensive]);

    it('is refused to a plain supervisor', () => {
      const command = { ...steps.approve, actor: supervisor, now: expensive.now };
      expect(codeOf(() => decideComplaint(command, expensive.state, testPolicy))).toBe(
        ComplaintErrorCode.HigherApproverRequired,
      );
    });

    it('is granted by the higher approver, and recorded as such', () => {
      const events = decideComplaint(
        { ...steps.approve, actor: higherApprover, now: expensive.now },
        expensive.state,
        testPolicy,
      );
      expect(events[0]).toMatchObject({
        type: 'ResolutionApproved',
        data: { cost: 25_000, higherApproval: true },
      });
    });

    it('lets a supervisor send it back, but no service agent decide on it', () => {
      expect(
        decideComplaint(
          { ...steps.sendBack, actor: supervisor, now: expensive.now },
          expensive.state,
          testPolicy,
        ),
      ).toHaveLength(1);
      expect(
        codeOf(() =>
          decideComplaint(
            { ...steps.approve, actor: agent, now: expensive.now },
            expensive.state,
            testPolicy,
          ),
        ),
      ).toBe(ComplaintErrorCode.ApprovalNotPermitted);
    });
  });

  describe('four eyes', () => {
    const proposedBy = (
      proposer: typeof supervisor,
      proposal: typeof steps.propose | typeof steps.proposeExpensive,
    ) => {
      const assigned = run([record, steps.validate, steps.assign]);
      const command = { ...proposal, actor: proposer, now: assigned.now };
      const state = decideComplaint(command, assigned.state, testPolicy).reduce(
        evolveComplaint,
        assigned.state,
      );
      return { state, now: assigned.now };
    };

    it('refuses the supervisor who proposed a plan its approval, and lets another supervisor approve', () => {
      const { state, now } = proposedBy(supervisor, steps.propose);
      expect(
        codeOf(() =>
          decideComplaint({ ...steps.approve, actor: supervisor, now }, state, testPolicy),
        ),
      ).toBe(ComplaintErrorCode.OwnProposal);
      const colleague = { userId: 'supervisor-2', roles: supervisor.roles };
      expect(
        types(decideComplaint({ ...steps.approve, actor: colleague, now }, state, testPolicy)),
      ).toEqual(['ResolutionApproved']);
    });

    it('refuses the higher approver its own plan of 999,999,999 even though the role suffices', () => {
      const own = {
        ...steps.proposeExpensive,
        data: { ...steps.proposeExpensive.data, cost: 999_999_999 },
      };
      const { state, now } = proposedBy(higherApprover, own);
      expect(
        codeOf(() =>
          decideComplaint({ ...steps.approve, actor: higherApprover, now }, state, testPolicy),
        ),
      ).toBe(ComplaintErrorCode.OwnProposal);
      const otherAdmin = { userId: 'admin-2', roles: higherApprover.roles };
      expect(
        decideComplaint({ ...steps.approve, actor: otherAdmin, now }, state, testPolicy)[0],
      ).toMatchObject({ data: { cost: 999_999_999, higherApproval: true, actorId: 'admin-2' } });
    });

    it('lets the proposer send the plan back (withdrawing it is not approving it)', () => {
      const { state, now } = proposedBy(supervisor, steps.propose);
      expect(
        types(decideComplaint({ ...steps.sendBack, actor: supervisor, now }, state, testPolicy)),
      ).toEqual(['ResolutionSentBack']);
    });
  });

  describe('reopening', () => {
    const closed = run(pathTo.closed);
    const closedAt = new Date(recorded(closed.state).closedAt!);

    it('is allowed within the window, with a new resolution deadline', () => {
      const now = new Date(closedAt.getTime() + 30 * DAY);
      const events = decideComplaint(
        { ...steps.reopen, actor: agent, now },
        closed.state,
        testPolicy,
      );
      expect(events[0]).toMatchObject({
        type: 'ComplaintReopened',
        data: { resolutionDue: new Date(now.getTime() + 24 * HOUR).toISOString() },
      });
    });

    it('is refused after the window', () => {
      const now = new Date(closedAt.getTime() + 30 * DAY + 1);
      expect(
        codeOf(() =>
          decideComplaint({ ...steps.reopen, actor: agent, now }, closed.state, testPolicy),
        ),
      ).toBe(ComplaintErrorCode.ReopenWindowClosed);
    });
  });

  describe('SLA breach (the timer re-checks the stream)', () => {
    const system = { userId: 'system:complaint-sla', roles: [] };
    const breach = (
      state: ComplaintState,
      kind: 'first_response' | 'resolution',
      deadline: Date,
      now: Date,
      policy = testPolicy,
    ) =>
      decideComplaint(
        {
          step: 'record-sla-breach',
          data: { kind, deadline: deadline.toISOString() },
          actor: system,
          now,
        },
        state,
        policy,
      );

    it('breaches an unmet deadline once and escalates one level up each time', () => {
      const { state } = run([record]);
      const first = breach(state, 'first_response', at(4 * HOUR), at(4 * HOUR));
      expect(first).toEqual([
        expect.objectContaining({
          type: 'ComplaintSlaBreached',
          data: expect.objectContaining({ deadlineKind: 'first_response' }),
        }),
        expect.objectContaining({
          type: 'ComplaintEscalated',
          data: expect.objectContaining({ level: 1, escalatedTo: 'supervisor' }),
        }),
      ]);
      const afterFirst = first.reduce(evolveComplaint, state);
      expect(breach(afterFirst, 'first_response', at(4 * HOUR), at(5 * HOUR))).toEqual([]);
      const second = breach(afterFirst, 'resolution', at(24 * HOUR), at(24 * HOUR));
      expect(second[1]).toMatchObject({ data: { level: 2, escalatedTo: 'admin' } });
    });

    const escalate = (
      state: ComplaintState,
      fired: Date,
      supervisors: readonly string[],
      policy = testPolicy,
    ) =>
      decideComplaint(
        {
          step: 'record-sla-breach',
          data: { kind: 'first_response', deadline: fired.toISOString(), supervisors },
          actor: system,
          now: fired,
        },
        state,
        policy,
      );

    it('D7: goes up the directory from the handler, and again after each further interval while unmet', () => {
      const line = ['组长-王芳', 'head-of-service'];
      let { state } = run([record]);
      const first = escalate(state, at(4 * HOUR), line);
      expect(types(first)).toEqual(['ComplaintSlaBreached', 'ComplaintEscalated']);
      expect(first[1]).toMatchObject({
        data: { level: 1, escalatedTo: '组长-王芳', nextEscalationAt: at(8 * HOUR).toISOString() },
      });
      state = first.reduce(evolveComplaint, state);
      // The timer now watches the next escalation, not the breached deadline.
      expect(runningDeadlines(state)).toContainEqual({
        kind: 'first_response',
        due: at(8 * HOUR).toISOString(),
      });
      expect(escalate(state, at(4 * HOUR), line)).toEqual([]);
      const second = escalate(state, at(8 * HOUR), line);
      expect(second).toEqual([
        expect.objectContaining({
          type: 'ComplaintEscalated',
          data: expect.objectContaining({
            level: 2,
            escalatedTo: 'head-of-service',
            nextEscalationAt: at(12 * HOUR).toISOString(),
          }),
        }),
      ]);
      state = second.reduce(evolveComplaint, state);
      // The top of the line stays the top.
      expect(escalate(state, at(12 * HOUR), line)[0]).toMatchObject({
        data: { level: 3, escalatedTo: 'head-of-service' },
      });
      // Met at last: nothing more to watch, a late timer changes nothing.
      const validated = run([steps.validate], { state, now: at(9 * HOUR) });
      expect(runningDeadlines(validated.state).map((deadline) => deadline.kind)).toEqual([
        'resolution',
      ]);
      expect(escalate(validated.state, at(12 * HOUR), line)).toEqual([]);
    });

    it('D7: falls back to the ladder when the directory names nobody above the handler, and repeats at the configured interval', () => {
      const { state } = run([record]);
      const policy = { ...testPolicy, escalationRepeatMs: 30 * 60_000 };
      expect(escalate(state, at(4 * HOUR), [], policy)[1]).toMatchObject({
        data: {
          level: 1,
          escalatedTo: 'supervisor',
          nextEscalationAt: at(4.5 * HOUR).toISOString(),
        },
      });
    });

    it('does nothing for a deadline met just before it passed', () => {
      const { state } = run([record, steps.validate]);
      expect(breach(state, 'first_response', at(4 * HOUR), at(4 * HOUR))).toEqual([]);
    });

    it('does nothing for a deadline that has moved, or before it is due', () => {
      const { state } = run([record]);
      expect(breach(state, 'resolution', at(23 * HOUR), at(24 * HOUR))).toEqual([]);
      expect(breach(state, 'resolution', at(24 * HOUR), at(24 * HOUR - 1))).toEqual([]);
    });

    it('pauses the resolution clock while the customer is asked, and resumes it on their answer', () => {
      const notified = run(pathTo.customer_notified);
      const notifiedAt = new Date(notified.now.getTime() - 60_000);
      const remaining = 24 * HOUR - (notifiedAt.getTime() - T0.getTime());
      expect(notified.events.at(-1)).toMatchObject({
        type: 'CustomerNotified',
        data: { resolutionRemainingMs: remaining },
      });
      expect(runningDeadlines(notified.state)).toEqual([]);
      expect(breach(notified.state, 'resolution', at(24 * HOUR), at(25 * HOUR))).toEqual([]);

      const answeredAt = at(3 * DAY);
      const answered = run([steps.agree], { state: notified.state, now: answeredAt });
      expect(runningDeadlines(answered.state)).toEqual([
        { kind: 'resolution', due: new Date(answeredAt.getTime() + remaining).toISOString() },
      ]);
    });

    it('D7: runs the resolution clock again when the customer has not answered within the wait limit', () => {
      const policy = { ...testPolicy, customerWaitLimitMs: 2 * DAY };
      const notified = run(pathTo.customer_notified, undefined, policy);
      const notifiedAt = new Date(notified.now.getTime() - 60_000);
      const remaining = 24 * HOUR - (notifiedAt.getTime() - T0.getTime());
      const waitEndsAt = new Date(notifiedAt.getTime() + 2 * DAY);
      const dueUnanswered = new Date(waitEndsAt.getTime() + remaining).toISOString();
      expect(notified.events.at(-1)).toMatchObject({
        type: 'CustomerNotified',
        data: {
          resolutionRemainingMs: remaining,
          waitEndsAt: waitEndsAt.toISOString(),
          resolutionDue: dueUnanswered,
        },
      });
      // Still waiting, but the timer already watches the deadline the silence leads to.
      expect(runningDeadlines(notified.state)).toEqual([
        { kind: 'resolution', due: dueUnanswered },
      ]);
      const fired = new Date(dueUnanswered);
      expect(types(breach(notified.state, 'resolution', fired, fired, policy))).toEqual([
        'ComplaintSlaBreached',
        'ComplaintEscalated',
      ]);

      // An answer within the limit resumes with what was left; a late one gains no time.
      const early = at(DAY);
      expect(
        runningDeadlines(run([steps.agree], { state: notified.state, now: early }, policy).state),
      ).toEqual([{ kind: 'resolution', due: new Date(early.getTime() + remaining).toISOString() }]);
      const late = new Date(waitEndsAt.getTime() + HOUR);
      expect(
        runningDeadlines(run([steps.agree], { state: notified.state, now: late }, policy).state),
      ).toEqual([{ kind: 'resolution', due: dueUnanswered }]);
    });
  });
});
