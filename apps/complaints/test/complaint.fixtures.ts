import type { ComplaintEvent, Role } from '@crm/contracts';
import {
  decideComplaint,
  evolveComplaint,
} from '@apps/complaints/src/complaint/domain/complaint.decider';
import {
  initialComplaintState,
  type ComplaintCommand,
  type ComplaintPolicy,
  type ComplaintState,
  type ComplaintStepCommand,
} from '@apps/complaints/src/complaint/domain/complaint.state';
import type { ComplaintStatus } from '@crm/contracts';

/** Test data for the pure domain tests (no I/O): a policy with D7's defaults on a 24/7 clock. */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const testPolicy: ComplaintPolicy = {
  firstResponse: { durationMs: 4 * HOUR, calendar: { kind: 'always' } },
  resolution: {
    durationMs: { critical: 24 * HOUR, high: 72 * HOUR, medium: 5 * DAY, low: 10 * DAY },
    calendar: { kind: 'always' },
  },
  approval: { approverRole: 'supervisor', higherApproverRole: 'admin', costThreshold: 10_000 },
  reopenWindowMs: 30 * DAY,
  escalationLadder: ['supervisor', 'admin'],
  escalationRepeatMs: null,
  customerWaitLimitMs: null,
};

export const T0 = new Date('2026-11-24T08:00:00.000Z');
export const agent = { userId: 'agent-1', roles: ['service_agent'] as Role[] };
export const supervisor = { userId: 'supervisor-1', roles: ['supervisor'] as Role[] };
export const higherApprover = { userId: 'admin-1', roles: ['admin'] as Role[] };

export const record: ComplaintStepCommand = {
  step: 'record',
  data: {
    complaintId: 'cmp-1',
    customerId: 'cus-1',
    channel: 'phone',
    category: 'delivery',
    severity: 'critical',
    description: 'Delivery two weeks late, 3 cartons crushed.',
    customerWords: 'Second time this quarter.',
  },
};

export const steps = {
  validate: { step: 'validate', data: { wellFounded: true } },
  reject: {
    step: 'validate',
    data: { wellFounded: false, reason: 'Delivered on the agreed date.' },
  },
  assign: {
    step: 'assign',
    data: { department: 'logistics', handlerId: 'agent-2', causeAnalysis: 'Carrier rerouted.' },
  },
  propose: {
    step: 'propose',
    data: { plan: 'replace', description: 'Replace 3 cartons.', cost: 1800 },
  },
  proposeExpensive: {
    step: 'propose',
    data: { plan: 'refund', description: 'Refund the order.', cost: 25_000 },
  },
  approve: { step: 'approve', data: {} },
  sendBack: { step: 'send-back', data: { reason: 'Add an apology.' } },
  notify: { step: 'notify-customer', data: { channel: 'phone' } },
  agree: { step: 'customer-response', data: { agreed: true } },
  disagree: { step: 'customer-response', data: { agreed: false, comment: 'Want a refund.' } },
  implement: { step: 'implement', data: { note: 'Delivered.' } },
  accountability: {
    step: 'accountability',
    data: { responsiblePerson: 'carrier', actionTaken: 'none' },
  },
  close: { step: 'close', data: { satisfaction: 4, summary: 'Check carrier routes.' } },
  reopen: { step: 'reopen', data: { reason: 'Still broken.' } },
} satisfies Record<string, ComplaintStepCommand>;

type Actor = ComplaintCommand['actor'];

const actorFor = (command: ComplaintStepCommand): Actor =>
  command.step === 'approve' || command.step === 'send-back' ? supervisor : agent;

/** Runs commands in order, one minute apart; returns every event and the final state. */
export function run(
  commands: readonly ComplaintStepCommand[],
  from: { state: ComplaintState; now: Date } = { state: initialComplaintState, now: T0 },
  policy: ComplaintPolicy = testPolicy,
): { state: ComplaintState; events: ComplaintEvent[]; now: Date } {
  let { state, now } = from;
  const events: ComplaintEvent[] = [];
  for (const command of commands) {
    const produced = decideComplaint(
      { ...command, actor: actorFor(command), now } as ComplaintCommand,
      state,
      policy,
    );
    events.push(...produced);
    state = produced.reduce(evolveComplaint, state);
    now = new Date(now.getTime() + 60_000);
  }
  return { state, events, now };
}

/** The straight walk through D7, from recording to a reopen after closing. */
const mainPath = [
  record,
  steps.validate,
  steps.assign,
  steps.propose,
  steps.approve,
  steps.notify,
  steps.agree,
  steps.implement,
  steps.accountability,
  steps.close,
  steps.reopen,
] as const;

/** The first `count` steps of the straight walk, then the detours. */
const walk = (count: number, ...detour: ComplaintStepCommand[]): ComplaintStepCommand[] => [
  ...mainPath.slice(0, count),
  ...detour,
];

/** A way to reach every status of the workflow. */
/** The events of the happy path in D7 order, recorded to closed: one per step. */
export const HAPPY_PATH_EVENTS = [
  'ComplaintRecorded',
  'ComplaintValidated',
  'ComplaintAssigned',
  'ResolutionProposed',
  'ResolutionApproved',
  'CustomerNotified',
  'CustomerResponded',
  'ResolutionImplemented',
  'AccountabilityRecorded',
  'ComplaintClosed',
] as const;

export const pathTo: Record<ComplaintStatus, readonly ComplaintStepCommand[]> = {
  recorded: walk(1),
  validated: walk(2),
  rejected: walk(1, steps.reject),
  assigned: walk(3),
  resolution_proposed: walk(4),
  sent_back: walk(4, steps.sendBack),
  resolution_approved: walk(5),
  customer_notified: walk(6),
  customer_disagreed: walk(6, steps.disagree),
  customer_agreed: walk(7),
  implemented: walk(8),
  accountability_recorded: walk(9),
  closed: walk(10),
  reopened: walk(11),
};
