import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';

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

const CHANNELS = ['phone', 'email', 'wechat', 'visit', 'letter', 'web', 'other'] as const;
const PLANS = [
  'repair',
  'replace',
  'refund',
  'compensation',
  'apology',
  'extra_service',
  'other',
] as const;

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
    { name: 'plan', kind: 'choice', options: PLANS, required: true },
    { name: 'description', kind: 'longText', required: true },
    { name: 'cost', kind: 'amount', required: true },
  ],
  approve: [],
  'send-back': [{ name: 'reason', kind: 'longText', required: true }],
  'notify-customer': [{ name: 'channel', kind: 'choice', options: CHANNELS, required: true }],
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
