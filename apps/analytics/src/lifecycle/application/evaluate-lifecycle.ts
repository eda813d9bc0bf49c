import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { customerLifecycleChanged, type LIFECYCLE_STAGES } from '@crm/contracts';
import type { MongoEventStore } from '@crm/event-store';
import { EVENT_STORE } from '@crm/platform';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_CLOCK, ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { ProjectionSlots } from '@apps/analytics/src/projections/infrastructure/projection-slots';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import { assessLifecycle } from '../domain/lifecycle';

export const lifecycleStream = (customerId: string): string => `lifecycle-${customerId}`;

type Stage = (typeof LIFECYCLE_STAGES)[number];

export interface LifecycleEvaluation {
  readonly asOf: string;
  readonly customers: number;
  readonly transitions: number;
}

/**
 * D5, daily and on demand: each customer's stage from its own purchase rhythm as of now;
 * CustomerLifecycleChanged for every transition (not for a prospect that never bought). The
 * customer's `lifecycle-<id>` stream holds its stages: the append with the loaded version guards it.
 */
@Injectable()
export class EvaluateLifecycle {
  private readonly logger = new Logger('EvaluateLifecycle');

  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    @Inject(ANALYTICS_CLOCK) private readonly now: () => Date,
    private readonly slots: ProjectionSlots,
  ) {}

  /** As of now, always: a past date is a read (`stagesOn`), never a back-dated evaluation. */
  async execute(request: { actorId: string }): Promise<LifecycleEvaluation> {
    const asOf = this.now();
    const runId = uuidv7();
    const facts = await (
      await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS)
    )
      .find({}, { projection: { purchaseDays: 1, mergedInto: 1 } })
      .toArray()
      // A duplicate merged away has no lifecycle of its own: the survivor carries its purchases.
      .then((all) => all.filter((fact) => fact.mergedInto === undefined));
    let transitions = 0;
    for (const fact of facts) {
      const purchases = (fact.purchaseDays ?? []).map((day) => new Date(`${day}T00:00:00Z`));
      const assessment = assessLifecycle(purchases, asOf, this.rules.lifecycle);
      const stream = lifecycleStream(fact._id);
      const loaded = await this.store.load(stream);
      const previous = (loaded.events.at(-1)?.data['stage'] as Stage | undefined) ?? null;
      if (previous === assessment.stage || (previous === null && assessment.stage === 'prospect'))
        continue;
      const last = purchases.reduce<Date | null>(
        (latest, date) => (date <= asOf && (!latest || date > latest) ? date : latest),
        null,
      );
      await this.store.append(
        stream,
        loaded.version,
        [
          {
            type: customerLifecycleChanged.name,
            data: {
              customerId: fact._id,
              previousStage: previous,
              stage: assessment.stage,
              intervalDays: assessment.intervalDays,
              daysSinceLastPurchase:
                assessment.daysSinceLastPurchase === null
                  ? null
                  : Math.max(0, assessment.daysSinceLastPurchase),
              lastPurchaseAt: last?.toISOString() ?? null,
              effectiveAt: asOf.toISOString(),
            },
          },
        ],
        {
          actorId: request.actorId,
          correlationId: runId,
          causationId: runId,
          customerId: fact._id,
          occurredAt: asOf,
        },
      );
      transitions += 1;
    }
    this.logger.log({ msg: 'lifecycle evaluated', customers: facts.length, transitions });
    return { asOf: asOf.toISOString(), customers: facts.length, transitions };
  }
}
