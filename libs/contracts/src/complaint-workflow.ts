/**
 * The D7 complaint workflow (statuses, steps, transitions and who may take each step) is public:
 * the complaints service enforces it and the console offers only what it allows.
 */
import type { Role } from './roles';

/** Where a complaint stands in the D7 workflow. */
export const COMPLAINT_STATUSES = [
  'recorded',
  'validated',
  'rejected',
  'assigned',
  'resolution_proposed',
  'sent_back',
  'resolution_approved',
  'customer_notified',
  'customer_disagreed',
  'customer_agreed',
  'implemented',
  'accountability_recorded',
  'closed',
  'reopened',
] as const;

export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** The workflow steps after recording; each is a POST /complaints/:id/<step>. */
export const COMPLAINT_STEPS = [
  'validate',
  'assign',
  'propose',
  'approve',
  'send-back',
  'notify-customer',
  'customer-response',
  'implement',
  'accountability',
  'close',
  'reopen',
] as const;

export type ComplaintStep = (typeof COMPLAINT_STEPS)[number];

type Transitions = {
  readonly [S in ComplaintStatus]: {
    readonly [step in ComplaintStep]?: readonly ComplaintStatus[];
  };
};

/**
 * D7 as one table: from each status, the steps allowed and the statuses each can lead to.
 * Anything not listed is an illegal step (409 naming the status and the allowed steps).
 */
export const COMPLAINT_WORKFLOW = {
  // 1 → 2: is the complaint well-founded? If not, the customer is told why.
  recorded: { validate: ['validated', 'rejected'] },
  // 2 → 3: responsible department and handler, with the cause analysis.
  validated: { assign: ['assigned'] },
  // A rejected complaint is still closed with an evaluation.
  rejected: { close: ['closed'] },
  // 3 → 4: the handling plan with its cost.
  assigned: { propose: ['resolution_proposed'] },
  // 4 → 5: approved by a supervisor (the higher approver above the cost threshold), or sent back to 4.
  resolution_proposed: { approve: ['resolution_approved'], 'send-back': ['sent_back'] },
  sent_back: { propose: ['resolution_proposed'] },
  // 5 → 6: the customer is told the plan; the resolution clock pauses until they answer.
  resolution_approved: { 'notify-customer': ['customer_notified'] },
  // 6: the customer agrees, or not (back to 4).
  customer_notified: { 'customer-response': ['customer_agreed', 'customer_disagreed'] },
  customer_disagreed: { propose: ['resolution_proposed'] },
  // 7, 8, 9.
  customer_agreed: { implement: ['implemented'] },
  implemented: { accountability: ['accountability_recorded'] },
  accountability_recorded: { close: ['closed'] },
  // Reopening is allowed within the configured window after closing.
  closed: { reopen: ['reopened'] },
  // A reopened complaint is judged again, or goes straight back to a handler.
  reopened: { validate: ['validated', 'rejected'], assign: ['assigned'] },
} as const satisfies Transitions;

export const allowedSteps = (status: ComplaintStatus): ComplaintStep[] =>
  COMPLAINT_STEPS.filter((step) => step in COMPLAINT_WORKFLOW[status]);

export const isAllowed = (status: ComplaintStatus, step: ComplaintStep): boolean =>
  allowedSteps(status).includes(step);

export const targetsOf = (
  status: ComplaintStatus,
  step: ComplaintStep,
): readonly ComplaintStatus[] =>
  (COMPLAINT_WORKFLOW[status] as Transitions[ComplaintStatus])[step] ?? [];

const HANDLERS: readonly Role[] = ['service_agent', 'supervisor', 'admin'];

/**
 * Who may take each step (D7): service agents record and handle. Approval is decided by the
 * configured approver roles (supervisor; the higher approver above the cost threshold), so the
 * approval routes admit every role and the decider checks it.
 */
export const STEP_ROLES: { readonly [step in ComplaintStep | 'record']: readonly Role[] } = {
  record: HANDLERS,
  validate: HANDLERS,
  assign: HANDLERS,
  propose: HANDLERS,
  approve: ['sales_rep', 'sales_manager', 'service_agent', 'supervisor', 'analyst', 'admin'],
  'send-back': ['sales_rep', 'sales_manager', 'service_agent', 'supervisor', 'analyst', 'admin'],
  'notify-customer': HANDLERS,
  'customer-response': HANDLERS,
  implement: HANDLERS,
  accountability: HANDLERS,
  close: HANDLERS,
  reopen: HANDLERS,
};

/** D7 step 1: how a complaint came in, what it is about and how grave it is. */
export const COMPLAINT_CHANNELS = [
  'phone',
  'email',
  'wechat',
  'visit',
  'letter',
  'web',
  'other',
] as const;
export const COMPLAINT_CATEGORIES = [
  'product_quality',
  'delivery',
  'service_attitude',
  'billing',
  'installation',
  'other',
] as const;
export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** D7 step 4: the "three guarantees" (repair, replace, refund) and the other remedies. */
export const RESOLUTION_PLANS = [
  'repair',
  'replace',
  'refund',
  'compensation',
  'apology',
  'extra_service',
  'other',
] as const;
