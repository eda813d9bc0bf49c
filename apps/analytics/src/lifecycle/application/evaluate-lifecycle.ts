import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  customerLifecycleChanged,
  customerMarkedLost,
  type LIFECYCLE_STAGES,
  type LOST_REASONS,
} from '@crm/contracts';
import { EventStoreError, EventStoreErrorCode, type MongoEventStore } from '@crm/event-store';
import { CLOCK, type Clock, EVENT_STORE } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
  type PurchaseListener,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import {
  assessLifecycle,
  buyingDays,
  stillMarkedLost,
  type LifecycleAssessment,
} from '../domain/lifecycle';

export const lifecycleStream = (customerId: string): string => `lifecycle-${customerId}`;

const PURCHASE_ACTOR = 'system:lifecycle-evaluation';
const CONFLICT_RETRIES = 4;

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
export class EvaluateLifecycle implements PurchaseListener {
  private readonly logger = new Logger('EvaluateLifecycle');

  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly slots: ProjectionSlots,
  ) {}

  /** As of now, always: a past date is a read (`stagesOn`), never a back-dated evaluation. */
  async execute(request: { actorId: string }): Promise<LifecycleEvaluation> {
    const asOf = this.clock.now();
    const runId = uuidv7();
    const facts = await (
      await this.facts()
    )
      .find({}, { projection: FACTS_PROJECTION, useBigInt64: true })
      .toArray()
      // A duplicate merged away has no lifecycle of its own: the survivor carries its purchases.
      .then((all) => all.filter((fact) => fact.mergedInto === undefined));
    let transitions = 0;
    for (const fact of facts) {
      if (await this.evaluateOne(fact, asOf, { actorId: request.actorId, runId })) transitions += 1;
    }
    this.logger.log({ msg: 'lifecycle evaluated', customers: facts.length, transitions });
    return { asOf: asOf.toISOString(), customers: facts.length, transitions };
  }

  /**
   * One customer as of now, at once: a purchase (or a refund) changes its stage without waiting
   * for the nightly run (D5 "a purchase makes the customer active again").
   */
  async evaluateCustomer(
    customerId: string,
    cause: { actorId: string; runId: string },
  ): Promise<boolean> {
    const fact = await (
      await this.facts()
    ).findOne({ _id: customerId }, { projection: FACTS_PROJECTION, useBigInt64: true });
    if (!fact || fact.mergedInto !== undefined) return false;
    return this.evaluateOne(fact, this.clock.now(), cause);
  }

  /** The customer-facts projection applied a purchase or a refund: its stage, now. */
  purchaseApplied(customerId: string, eventId: string): Promise<boolean> {
    return this.evaluateCustomer(customerId, { actorId: PURCHASE_ACTOR, runId: eventId });
  }

  /**
   * D5 "marked lost" (role-checked at the edge, the actor recorded on the event): the customer is
   * lost until it buys again. Marking a customer already lost, or one without any purchase, is a
   * no-op answering its current stage.
   */
  async markLost(
    customerId: string,
    request: { actorId: string; reason: (typeof LOST_REASONS)[number]; correlationId: string },
  ): Promise<{ stage: Stage | null; changed: boolean }> {
    const fact = await (
      await this.facts()
    ).findOne({ _id: customerId }, { projection: FACTS_PROJECTION, useBigInt64: true });
    if (!fact || fact.mergedInto !== undefined) {
      throw new AnalyticsError(
        AnalyticsErrorCode.CustomerNotFound,
        `customer ${customerId} is not known`,
      );
    }
    const asOf = this.clock.now();
    const stream = lifecycleStream(customerId);
    const loaded = await this.store.load(stream);
    const previous = lastStageOf(loaded.events);
    if (previous === 'lost') return { stage: previous, changed: false };
    const purchases = purchaseDatesOf(fact);
    const assessment = assessLifecycle(purchases, asOf, this.rules.lifecycle, true);
    await this.store.append(
      stream,
      loaded.version,
      [
        {
          type: customerMarkedLost.name,
          data: { customerId, reason: request.reason, markedAt: asOf.toISOString() },
        },
        {
          type: customerLifecycleChanged.name,
          data: changeData(customerId, previous, assessment, purchases, asOf),
        },
      ],
      {
        actorId: request.actorId,
        correlationId: request.correlationId,
        causationId: request.correlationId,
        customerId,
        occurredAt: asOf,
      },
    );
    return { stage: 'lost', changed: true };
  }

  private facts() {
    return this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS);
  }

  /**
   * The nightly run, an on-demand run and a purchase may evaluate one customer at once: the loser
   * of the append race evaluates again on the stream as the winner left it.
   */
  private async evaluateOne(
    fact: Pick<CustomerFactsDocument, '_id' | 'purchaseDays' | 'purchases'>,
    asOf: Date,
    cause: { actorId: string; runId: string },
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.evaluateOnce(fact, asOf, cause);
      } catch (error) {
        const conflict =
          error instanceof EventStoreError &&
          error.code === EventStoreErrorCode.StreamVersionConflict;
        if (!conflict || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  private async evaluateOnce(
    fact: Pick<CustomerFactsDocument, '_id' | 'purchaseDays' | 'purchases'>,
    asOf: Date,
    cause: { actorId: string; runId: string },
  ): Promise<boolean> {
    const purchases = purchaseDatesOf(fact);
    const stream = lifecycleStream(fact._id);
    const loaded = await this.store.load(stream);
    const markedAt = lastMarkedLostAt(loaded.events);
    const assessment = assessLifecycle(
      purchases,
      asOf,
      this.rules.lifecycle,
      stillMarkedLost(markedAt, purchases),
    );
    const previous = lastStageOf(loaded.events);
    if (previous === assessment.stage || (previous === null && assessment.stage === 'prospect'))
      return false;
    await this.store.append(
      stream,
      loaded.version,
      [
        {
          type: customerLifecycleChanged.name,
          data: changeData(fact._id, previous, assessment, purchases, asOf),
        },
      ],
      {
        actorId: cause.actorId,
        correlationId: cause.runId,
        causationId: cause.runId,
        customerId: fact._id,
        occurredAt: asOf,
      },
    );
    return true;
  }
}

const FACTS_PROJECTION = { purchaseDays: 1, purchases: 1, mergedInto: 1 } as const;

type StoredEvent = { readonly type: string; readonly data: Record<string, unknown> };

/** The buying days of a customer (a purchase refunded in full is none), as dates. */
const purchaseDatesOf = (fact: Pick<CustomerFactsDocument, 'purchaseDays' | 'purchases'>): Date[] =>
  buyingDays(fact.purchases, fact.purchaseDays).map((day) => new Date(`${day}T00:00:00Z`));

const lastStageOf = (events: readonly StoredEvent[]): Stage | null =>
  (events.findLast((event) => event.type === customerLifecycleChanged.name)?.data['stage'] as
    Stage | undefined) ?? null;

const lastMarkedLostAt = (events: readonly StoredEvent[]): Date | undefined => {
  const marked = events.findLast((event) => event.type === customerMarkedLost.name);
  return marked ? new Date(marked.data['markedAt'] as string) : undefined;
};

function changeData(
  customerId: string,
  previous: Stage | null,
  assessment: LifecycleAssessment,
  purchases: readonly Date[],
  asOf: Date,
) {
  const last = purchases.reduce<Date | null>(
    (latest, date) => (date <= asOf && (!latest || date > latest) ? date : latest),
    null,
  );
  return {
    customerId,
    previousStage: previous,
    stage: assessment.stage,
    intervalDays: assessment.intervalDays,
    daysSinceLastPurchase:
      assessment.daysSinceLastPurchase === null
        ? null
        : Math.max(0, assessment.daysSinceLastPurchase),
    lastPurchaseAt: last?.toISOString() ?? null,
    effectiveAt: asOf.toISOString(),
  };
}
