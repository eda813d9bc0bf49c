import {
  COMPLAINT_CHANNELS,
  RESOLUTION_PLANS,
  STEP_ROLES,
  type ComplaintStep,
} from '@crm/contracts/complaint-workflow';
import { hasRole, mayCall, type SessionView } from '@console/shared/api/session';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import type { ComplaintView } from './complaints.queries';

export type { ComplaintStep };

export type StepField =
  | { readonly name: string; readonly kind: 'text' | 'longText'; readonly required: boolean }
  | { readonly name: string; readonly kind: 'boolean'; readonly required: true }
  | { readonly name: string; readonly kind: 'amount'; readonly required: true }
  | { readonly name: string; readonly kind: 'score'; readonly required: true }
  | {
      readonly name: string;
      readonly kind: 'choice';
      readonly options: readonly string[];
      readonly required: true;
    };

/**
 * The form of each D7 step: the fields its request body has (the complaints service validates
 * them and answers 400 naming the field; this table only decides what the form asks).
 */
export const STEP_FIELDS: Readonly<Record<ComplaintStep, readonly StepField[]>> = {
  validate: [
    { name: 'wellFounded', kind: 'boolean', required: true },
    { name: 'note', kind: 'longText', required: false },
    { name: 'reason', kind: 'longText', required: false },
  ],
  assign: [
    { name: 'department', kind: 'text', required: true },
    { name: 'handlerId', kind: 'text', required: true },
    { name: 'causeAnalysis', kind: 'longText', required: true },
  ],
  propose: [
    { name: 'plan', kind: 'choice', options: RESOLUTION_PLANS, required: true },
    { name: 'description', kind: 'longText', required: true },
    { name: 'cost', kind: 'amount', required: true },
  ],
  approve: [],
  'send-back': [{ name: 'reason', kind: 'longText', required: true }],
  'notify-customer': [
    { name: 'channel', kind: 'choice', options: COMPLAINT_CHANNELS, required: true },
  ],
  'customer-response': [
    { name: 'agreed', kind: 'boolean', required: true },
    { name: 'comment', kind: 'longText', required: false },
  ],
  implement: [{ name: 'note', kind: 'longText', required: false }],
  accountability: [
    { name: 'responsiblePerson', kind: 'text', required: true },
    { name: 'actionTaken', kind: 'longText', required: true },
  ],
  close: [
    { name: 'satisfaction', kind: 'score', required: true },
    { name: 'summary', kind: 'longText', required: true },
  ],
  reopen: [{ name: 'reason', kind: 'longText', required: true }],
};

export const stepTitle = (step: ComplaintStep): MessageKey => `complaints.step.${step}`;

/** Approval and send-back are decided on by the approver the workflow waits on (by cost, D7). */
const APPROVAL_STEPS: readonly ComplaintStep[] = ['approve', 'send-back'];

/**
 * The steps this session is offered on a complaint: the workflow's next steps (the service's
 * answer) that a role of this user may take (the service's table of step roles), that the
 * console forwards for it, and, for a decision on a plan, only when the workflow waits on one
 * of this user's roles and, to approve, when the user did not propose the plan (four eyes).
 */
export function offeredSteps(session: SessionView, complaint: ComplaintView): ComplaintStep[] {
  const due = complaint.dueToAct;
  const user = session.user;
  // While the customer is due to answer, staff still record that answer: the steps stay offered.
  if (!due || !user) return [];
  return due.steps.filter((step) => {
    if (!hasRole(session, ...STEP_ROLES[step])) return false;
    if (!mayCall(session, `POST complaints /complaints/{id}/${step}`)) return false;
    if (!APPROVAL_STEPS.includes(step)) return true;
    if (due.role === null || !hasRole(session, due.role)) return false;
    return step !== 'approve' || complaint.proposal?.proposedBy !== user.userId;
  });
}
