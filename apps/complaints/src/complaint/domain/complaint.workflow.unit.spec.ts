import { decideComplaint } from './complaint.decider';
import { initialComplaintState, type ComplaintStepCommand } from './complaint.state';
import { ComplaintError, ComplaintErrorCode } from './complaint.errors';
import {
  agent,
  pathTo,
  record,
  run,
  steps,
  supervisor,
  T0,
  testPolicy,
} from '@apps/complaints/test/complaint.fixtures';
import {
  allowedSteps,
  COMPLAINT_STATUSES,
  COMPLAINT_STEPS,
  targetsOf,
  type ComplaintStatus,
  type ComplaintStep,
} from '@crm/contracts';

/** D7, written out independently of the table: the steps each status allows. */
const D7: Record<ComplaintStatus, ComplaintStep[]> = {
  recorded: ['validate'],
  validated: ['assign'],
  rejected: ['close'],
  assigned: ['propose'],
  resolution_proposed: ['approve', 'send-back'],
  sent_back: ['propose'],
  resolution_approved: ['notify-customer'],
  customer_notified: ['customer-response'],
  customer_disagreed: ['propose'],
  customer_agreed: ['implement'],
  implemented: ['accountability'],
  accountability_recorded: ['close'],
  closed: ['reopen'],
  reopened: ['validate', 'assign'],
};

/** Every form a step's command can take (a step with two outcomes is tried with both). */
const variants: Record<ComplaintStep, ComplaintStepCommand[]> = {
  validate: [steps.validate, steps.reject],
  assign: [steps.assign],
  propose: [steps.propose],
  approve: [steps.approve],
  'send-back': [steps.sendBack],
  'notify-customer': [steps.notify],
  'customer-response': [steps.agree, steps.disagree],
  implement: [steps.implement],
  accountability: [steps.accountability],
  close: [steps.close],
  reopen: [steps.reopen],
};

const caught = (action: () => unknown): ComplaintError => {
  try {
    action();
  } catch (error) {
    if (error instanceof ComplaintError) return error;
    throw error;
  }
  throw new Error('expected a ComplaintError');
};

const matrix = COMPLAINT_STATUSES.flatMap((status) =>
  COMPLAINT_STEPS.map((step) => [status, step] as const),
);

describe('the D7 transition table', () => {
  it('allows exactly the steps of D7 from every status', () => {
    for (const status of COMPLAINT_STATUSES)
      expect([status, allowedSteps(status)]).toEqual([status, D7[status]]);
  });

  it.each(matrix)('from %s, the step %s', (status, step) => {
    const { state, now } = run(pathTo[status]);
    expect(state).toMatchObject({ status });
    const actor = { userId: 'user-1', roles: [...agent.roles, ...supervisor.roles] };
    if (D7[status].includes(step)) {
      for (const command of variants[step]) {
        const { state: after } = run([command], { state, now });
        expect(after.recorded && targetsOf(status, step)).toContain(after.recorded && after.status);
      }
    } else {
      for (const command of variants[step]) {
        const error = caught(() => decideComplaint({ ...command, actor, now }, state, testPolicy));
        expect(error.code).toBe(ComplaintErrorCode.IllegalStep);
        expect(error.details).toMatchObject({
          currentState: status,
          step,
          allowedSteps: D7[status],
        });
        expect(error.message).toContain(status);
      }
    }
  });

  it.each(COMPLAINT_STATUSES)('refuses to record a complaint that is %s again', (status) => {
    const { state, now } = run(pathTo[status]);
    const error = caught(() =>
      decideComplaint({ ...record, actor: agent, now }, state, testPolicy),
    );
    expect(error.code).toBe(ComplaintErrorCode.AlreadyRecorded);
  });

  it.each(COMPLAINT_STEPS)('reports %s on a complaint never recorded as not found', (step) => {
    const error = caught(() =>
      decideComplaint(
        { ...variants[step][0]!, actor: agent, now: T0 },
        initialComplaintState,
        testPolicy,
      ),
    );
    expect(error.code).toBe(ComplaintErrorCode.NotFound);
  });
});
