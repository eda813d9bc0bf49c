import { Inject, Injectable } from '@nestjs/common';
import type { VisitEvent } from '@crm/contracts';
import type { CommandHandler, CommandMetadata } from '@crm/event-store';
import { CLOCK, type Clock, commandHandlerProvider, systemContext } from '@crm/platform';
import {
  visitPlanDecider,
  type GenerateVisitPlan,
  type VisitPlanState,
} from '@apps/visits/src/visit-plan/domain/visit-plan.decider';
import { VISIT_PLAN_HANDLER } from '@apps/visits/src/visits.tokens';
import { summarizePlan } from '@apps/visits/src/visit-plan/domain/visit-plan.rules';
import { GetVisitPlanQuery } from '../get-visit-plan/get-visit-plan.query';

export const visitPlanStream = (month: string): string => `visit-plan-${month}`;

/** The whole company's plan for everyone: generation is company-wide. */
const COMPANY = systemContext('system:visit-plan', 'visit-plan').scope;

/** A month's plan stream: company-wide, so about no one customer. */
export const visitPlanHandlerProvider = commandHandlerProvider(
  VISIT_PLAN_HANDLER,
  visitPlanDecider,
);

export interface GeneratedPlan {
  readonly generated: boolean;
  readonly version: number;
  readonly summary: ReturnType<typeof summarizePlan>;
}

/** Generates a month's plan and records it as MonthlyVisitPlanGenerated (company-wide: no customer). */
@Injectable()
export class GenerateVisitPlanHandler {
  constructor(
    private readonly plans: GetVisitPlanQuery,
    @Inject(VISIT_PLAN_HANDLER)
    private readonly generations: CommandHandler<VisitPlanState, GenerateVisitPlan, VisitEvent>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    month: string,
    trigger: 'schedule' | 'on_demand',
    cause: CommandMetadata,
    now = this.clock.now(),
  ): Promise<GeneratedPlan> {
    const plan = await this.plans.execute(month, COMPANY, {}, now);
    const generated = await this.generations.handle(
      visitPlanStream(month),
      { plan, trigger, now },
      cause,
    );
    return {
      generated: generated.events.length > 0 && !generated.replayed,
      version: generated.version,
      summary: summarizePlan(plan),
    };
  }
}
