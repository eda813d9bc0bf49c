import type { VisitEvent } from '@crm/contracts';
import { summarizePlan, type VisitPlan } from './visit-plan.rules';

/** A month's plan stream records each generation; the scheduled run generates only a fresh month. */
export function decidePlanGeneration(
  plan: VisitPlan,
  generations: number,
  trigger: 'schedule' | 'on_demand',
  now: Date,
): VisitEvent[] {
  if (trigger === 'schedule' && generations > 0) return [];
  return [
    {
      type: 'MonthlyVisitPlanGenerated',
      data: { ...summarizePlan(plan), generatedAt: now.toISOString() },
    },
  ];
}
