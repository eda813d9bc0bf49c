import type { LifecycleRule } from '@apps/analytics/src/lifecycle/domain/lifecycle';

/**
 * D5 with its default numbers: 30 days when the rhythm is unknown; drowsy 2×, half-asleep 4×,
 * dormant 6×, lost 12× the usual interval.
 */
export const D5_DEFAULT_RULE: LifecycleRule = {
  defaultIntervalDays: 30,
  drowsyAfter: 2,
  halfAsleepAfter: 4,
  dormantAfter: 6,
  lostAfter: 12,
};
