/**
 * D5: the lifecycle stages in the order a customer goes through them. A pure constant, so the
 * console's bundle can share it without zod.
 */
export const LIFECYCLE_STAGES = [
  'prospect',
  'new',
  'active',
  'drowsy',
  'half_asleep',
  'dormant',
  'lost',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
