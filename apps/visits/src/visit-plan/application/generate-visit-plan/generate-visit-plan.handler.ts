import { Inject, Injectable } from '@nestjs/common';
import { MongoEventStore, type OutboxRelay } from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY, systemContext } from '@crm/platform';
import type { AppendCause } from '@apps/visits/src/visit/application/visit.repository';
import { decidePlanGeneration } from '@apps/visits/src/visit-plan/domain/visit-plan.decider';
import { summarizePlan } from '@apps/visits/src/visit-plan/domain/visit-plan.rules';
import { GetVisitPlanQuery } from '../get-visit-plan/get-visit-plan.query';

export const visitPlanStream = (month: string): string => `visit-plan-${month}`;

/** The whole company's plan for everyone: generation is company-wide. */
const COMPANY = systemContext('system:visit-plan', 'visit-plan').scope;

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
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async execute(
    month: string,
    trigger: 'schedule' | 'on_demand',
    cause: AppendCause,
    now = new Date(),
  ): Promise<GeneratedPlan> {
    const stream = visitPlanStream(month);
    const version = await this.store.currentVersion(stream);
    const plan = await this.plans.execute(month, COMPANY, {}, now);
    const events = decidePlanGeneration(plan, version, trigger, now);
    if (events.length === 0) return { generated: false, version, summary: summarizePlan(plan) };
    const appended = await this.store.append(stream, version, events, {
      actorId: cause.actorId,
      correlationId: cause.correlationId,
      causationId: cause.causationId,
      ...(cause.idempotencyKey ? { idempotencyKey: cause.idempotencyKey } : {}),
    });
    this.relay.nudge();
    return {
      generated: !appended.replayed,
      version: appended.toVersion,
      summary: summarizePlan(plan),
    };
  }
}
