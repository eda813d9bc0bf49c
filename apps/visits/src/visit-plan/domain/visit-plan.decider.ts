import type { Decider } from '@crm/event-store';
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

/** A month's plan stream: how many times it was generated. */
export interface VisitPlanState {
  readonly generations: number;
}

export interface GenerateVisitPlan {
  readonly plan: VisitPlan;
  readonly trigger: 'schedule' | 'on_demand';
  readonly now: Date;
}

export const visitPlanDecider: Decider<VisitPlanState, GenerateVisitPlan, VisitEvent> = {
  initialState: { generations: 0 },
  evolve: (state, event) =>
    event.type === 'MonthlyVisitPlanGenerated' ? { generations: state.generations + 1 } : state,
  decide: (command, state) =>
    decidePlanGeneration(command.plan, state.generations, command.trigger, command.now),
};
