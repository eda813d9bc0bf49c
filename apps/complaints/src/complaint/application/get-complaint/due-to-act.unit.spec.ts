import { pathTo, run, steps, record, testPolicy } from '@apps/complaints/test/complaint.fixtures';
import type { ComplaintState } from '@apps/complaints/src/complaint/domain/complaint.state';
import { dueToAct } from './get-complaint.query';

const complaintOf = (state: ComplaintState) => {
  if (!state.recorded) throw new Error('expected a recorded complaint');
  return state;
};
const whoFor = (path: Parameters<typeof run>[0]) =>
  dueToAct(complaintOf(run(path).state), testPolicy);

describe('who is due to act (D7)', () => {
  it('is a service agent to judge a new complaint, then the assigned handler', () => {
    expect(whoFor(pathTo.recorded)).toEqual({
      party: 'staff',
      role: 'service_agent',
      userId: null,
      steps: ['validate'],
    });
    expect(whoFor(pathTo.assigned)).toEqual({
      party: 'staff',
      role: 'service_agent',
      userId: 'agent-2',
      steps: ['propose'],
    });
  });

  it('is the approver for a plan, the higher approver above the cost threshold', () => {
    expect(whoFor(pathTo.resolution_proposed)).toMatchObject({
      role: 'supervisor',
      steps: ['approve', 'send-back'],
    });
    expect(whoFor([record, steps.validate, steps.assign, steps.proposeExpensive])).toMatchObject({
      role: 'admin',
    });
  });

  it('is the customer while the plan waits on their answer, and nobody once closed', () => {
    expect(whoFor(pathTo.customer_notified)).toEqual({
      party: 'customer',
      role: null,
      userId: null,
      steps: ['customer-response'],
    });
    expect(whoFor(pathTo.closed)).toBeNull();
  });
});
