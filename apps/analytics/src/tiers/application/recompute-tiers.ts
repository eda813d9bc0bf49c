import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { tierRecomputationCompleted, toMajorNumber } from '@crm/contracts';
import { causedBy, type MongoEventStore } from '@crm/event-store';
import { CLOCK, type Clock, EVENT_STORE } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { changesTier, tierDecider } from '../domain/tier.decider';
import { tiersFrom } from '../domain/tier-recomputation';
import { runInEffect } from '../domain/tiers-as-of';
import { windowDays } from '../domain/window-revenue';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '../infrastructure/customer-facts.projection';
import {
  RECOMPUTATIONS_HANDLER,
  TIER_HANDLER,
  type RecomputationsCommandHandler,
  type TierCommandHandler,
} from './tier-commands';

/** Every recomputation appends its summary here: the stream's version orders (and guards) the runs. */
export const RECOMPUTATIONS_STREAM = 'tier-recomputations';
const TIER_STREAMS = 'tier-';
export const tierStream = (customerId: string): string => `${TIER_STREAMS}${customerId}`;
/** Tier changes appended at once: the appends are independent (one stream each). */
const APPENDS_IN_FLIGHT = 8;

export type RecomputationSummary = ReturnType<typeof tierRecomputationCompleted.schema.parse>;

/** The answer for a past date: the run whose tiers were in effect then, as it was recorded. */
export interface TiersAsOf {
  readonly asOf: string;
  readonly recomputation: RecomputationSummary;
}

/**
 * D3 on demand or on schedule: tiers from the rolling-window revenue of every known customer;
 * CustomerTierChanged only for customers whose tier changed, then the TierRecomputationCompleted
 * summary. Each customer's tier is its own stream (`tier-<id>`), so the append with the loaded
 * version is the concurrency guard: two overlapping runs cannot both record the same change.
 */
@Injectable()
export class RecomputeTiers {
  private readonly logger = new Logger('RecomputeTiers');

  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly slots: ProjectionSlots,
    @Inject(TIER_HANDLER) private readonly tiers: TierCommandHandler,
    @Inject(RECOMPUTATIONS_HANDLER) private readonly recomputations: RecomputationsCommandHandler,
  ) {}

  async execute(request: {
    trigger: 'schedule' | 'on_demand';
    actorId: string;
  }): Promise<RecomputationSummary> {
    const asOf = this.clock.now();
    const recomputationId = uuidv7();
    const summaryVersion = await this.store.currentVersion(RECOMPUTATIONS_STREAM);
    const facts = await (
      await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS)
    )
      // The day buckets are int64 minor units (ADR 90): read them as bigint, never as doubles.
      .find({}, { projection: { revenueByDay: 1, mergedInto: 1 }, useBigInt64: true })
      .toArray();
    const window = windowDays(asOf, this.rules.tiers.windowMonths);
    const { assignments, totalRevenue, mix } = tiersFrom(
      facts,
      window,
      this.rules.tiers,
      this.rules.healthyMix,
    );
    const currency = this.rules.tiers.currency;
    // Event figures stay JSON numbers in major units (version 1 of the analytics events).
    const major = (minor: bigint): number => toMajorNumber({ minor, currency });
    const total = major(totalRevenue);
    const metadata = causedBy(request.actorId, recomputationId);
    // Every tier stream in one read (ADR 148), not one load per customer. Each change is still
    // appended at the version read here: a run that recorded it in between makes this append
    // conflict, and the retry, on the stream as that run left it, finds nothing left to change.
    const current = await this.tiers.loadPrefixed(TIER_STREAMS);
    const none = { state: tierDecider.initialState, version: 0 };
    const changes = assignments.filter((assignment) =>
      changesTier((current.get(tierStream(assignment.customerId)) ?? none).state, assignment.tier),
    );
    let changed = 0;
    let next = 0;
    let failed = false;
    const appendChanges = async (): Promise<void> => {
      while (!failed && next < changes.length) {
        const assignment = changes[next]!;
        next += 1;
        const stream = tierStream(assignment.customerId);
        const handled = await this.tiers
          .handle(
            stream,
            {
              customerId: assignment.customerId,
              tier: assignment.tier,
              revenue: major(assignment.revenue > 0n ? assignment.revenue : 0n),
              revenueAbove: major(assignment.revenueAbove),
              totalRevenue: total,
              effectiveAt: asOf.toISOString(),
            },
            { ...metadata, occurredAt: asOf },
            { loaded: current.get(stream) ?? none },
          )
          .catch((error: unknown) => {
            // The run fails as before; the other appenders stop taking changes.
            failed = true;
            throw error;
          });
        if (handled.events.length > 0) changed += 1;
      }
    };
    await Promise.all(Array.from({ length: APPENDS_IN_FLIGHT }, appendChanges));
    const summary: RecomputationSummary = {
      recomputationId,
      trigger: request.trigger,
      asOf: asOf.toISOString(),
      windowMonths: this.rules.tiers.windowMonths,
      customers: assignments.length,
      changed,
      totalRevenue: total,
      counts: mix.counts,
      countShares: mix.countShares,
      revenue: { A: major(mix.revenue.A), B: major(mix.revenue.B), C: major(mix.revenue.C) },
      revenueShares: mix.revenueShares,
      skewed: mix.skewed,
      completedAt: this.clock.now().toISOString(),
    };
    // Appended at the version read before the run: of two overlapping runs, one is refused.
    await this.recomputations.handle(RECOMPUTATIONS_STREAM, summary, metadata, {
      loaded: { state: { runs: summaryVersion }, version: summaryVersion },
      retries: 0,
    });
    this.logger.log({
      msg: 'tiers recomputed',
      customers: summary.customers,
      changed,
      skewed: summary.skewed,
    });
    return summary;
  }

  /**
   * The tiers on a past date are a read (D3: the tier on date D is the one assigned then): the
   * recorded run in effect on that date. Nothing is recomputed, appended or published, so a
   * question about the past never rewrites the present.
   */
  async asOf(date: Date): Promise<TiersAsOf> {
    const version = await this.store.currentVersion(RECOMPUTATIONS_STREAM);
    const runs =
      version === 0
        ? []
        : (await this.store.load(RECOMPUTATIONS_STREAM)).events.map((event) =>
            tierRecomputationCompleted.schema.parse(event.data),
          );
    return { asOf: date.toISOString(), recomputation: runInEffect(runs, date, this.clock.now()) };
  }

  /** The summary of the latest run, from the event store. */
  async latest(): Promise<RecomputationSummary | null> {
    const version = await this.store.currentVersion(RECOMPUTATIONS_STREAM);
    if (version === 0) return null;
    const stream = await this.store.load(RECOMPUTATIONS_STREAM);
    return (stream.events.at(-1)?.data as RecomputationSummary | undefined) ?? null;
  }
}
