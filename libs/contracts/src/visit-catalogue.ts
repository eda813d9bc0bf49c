/**
 * The D4/D10 lists the visits service validates against and the console offers (channels, sales
 * progress, funnel stages): pure constants, so the console's bundle can share them without zod.
 */
/** D4: how a visit is made. */
export const VISIT_CHANNELS = [
  'face_to_face',
  'phone',
  'wechat',
  'email',
  'meeting',
  'exhibition',
  'letter',
] as const;

/** D4: sales progress a completed visit can record. */
export const SALES_PROGRESS_ITEMS = [
  'demo_agreed',
  'met_higher_decider',
  'trial_agreed',
  'budget_partially_accepted',
  'joint_push_agreed',
] as const;

/** D10: the six open funnel stages, in order (their win rates are configuration). */
export const OPPORTUNITY_STAGES = [
  'lead',
  'qualified',
  'needs_analysis',
  'proposal',
  'negotiation',
  'commitment',
] as const;
