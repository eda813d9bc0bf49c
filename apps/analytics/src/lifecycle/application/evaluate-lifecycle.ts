import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { LIFECYCLE_STAGES, LOST_REASONS } from '@crm/contracts';
import { causedBy } from '@crm/event-store';
import { CLOCK, type Clock } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
  type PurchaseListener,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import { buyingDays } from '../domain/lifecycle';
import { LIFECYCLE_HANDLER, type LifecycleCommandHandler } from './lifecycle-commands';

export const lifecycleStream = (customerId: string): string => `lifecycle-${customerId}`;

const PURCHASE_ACTOR = 'system:lifecycle-evaluation';

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
    @Inject(LIFECYCLE_HANDLER) private readonly lifecycles: LifecycleCommandHandler,
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
    const handled = await this.lifecycles.handle(
      lifecycleStream(customerId),
      {
        kind: 'mark-lost',
        reason: request.reason,
        customerId,
        purchases: purchaseDatesOf(fact),
        asOf,
        rule: this.rules.lifecycle,
      },
      causedBy(request.actorId, request.correlationId, { occurredAt: asOf }),
    );
    if (handled.events.length === 0) return { stage: handled.state.stage, changed: false };
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
    const handled = await this.lifecycles.handle(
      lifecycleStream(fact._id),
      {
        kind: 'evaluate',
        customerId: fact._id,
        purchases: purchaseDatesOf(fact),
        asOf,
        rule: this.rules.lifecycle,
      },
      causedBy(cause.actorId, cause.runId, { occurredAt: asOf }),
    );
    return handled.events.length > 0;
  }
}

const FACTS_PROJECTION = { purchaseDays: 1, purchases: 1, mergedInto: 1 } as const;

/** The buying days of a customer (a purchase refunded in full is none), as dates. */
const purchaseDatesOf = (fact: Pick<CustomerFactsDocument, 'purchaseDays' | 'purchases'>): Date[] =>
  buyingDays(fact.purchases, fact.purchaseDays).map((day) => new Date(`${day}T00:00:00Z`));
