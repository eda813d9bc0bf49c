import { Inject, Injectable } from '@nestjs/common';
import { customerSatisfactionChanged, satisfactionAlertRaised } from '@crm/contracts';
import { EventStoreError, EventStoreErrorCode, type MongoEventStore } from '@crm/event-store';
import { CLOCK, type Clock, EVENT_STORE, OrganizationDirectory } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import type { AlertEpisode } from '../domain/alert-episodes';
import { csiOfFivePoint, type AlertRule } from '../domain/csi';

export const alertStream = (customerId: string): string => `csi-alert-${customerId}`;
export const csiStream = (customerId: string): string => `csi-${customerId}`;

const CONFLICT_RETRIES = 4;
/** 0–100 to the hundredth, as the events carry it. */
const hundredths = (value: number) => Math.min(100, Math.max(0, Math.round(value * 100) / 100));

/**
 * What the satisfaction projection tells other services, through the analytics event store and
 * outbox: SatisfactionAlertRaised once per episode, for the customer's owner and the owner's
 * supervisor in the organization directory, and CustomerSatisfactionChanged for every score, so
 * the customer card shows the CSI (D1, D6).
 */
@Injectable()
export class SatisfactionPublisher {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly slots: ProjectionSlots,
    private readonly directory: OrganizationDirectory,
  ) {}

  async raiseAlert(customerId: string, episode: AlertEpisode, rule: AlertRule): Promise<void> {
    const facts = await (
      await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS)
    ).findOne({ _id: customerId }, { projection: { profile: 1 } });
    const ownerId = facts?.profile?.ownerId ?? null;
    const stream = alertStream(customerId);
    await this.store.append(
      stream,
      await this.store.currentVersion(stream),
      [
        {
          type: satisfactionAlertRaised.name,
          data: {
            customerId,
            ownerId,
            supervisorId: ownerId === null ? null : (this.directory.supervisorOf(ownerId) ?? null),
            reason: episode.reason,
            csi: hundredths(episode.csi),
            peakCsi: episode.peakCsi === null ? null : hundredths(episode.peakCsi),
            floor: rule.floor,
            maxDrop: rule.maxDrop,
            triggeringEventId: episode.eventId,
            scoredAt: new Date(episode.at).toISOString(),
          },
        },
      ],
      {
        actorId: 'system:satisfaction',
        correlationId: episode.eventId,
        causationId: episode.eventId,
        customerId,
        occurredAt: new Date(episode.at),
        // One alert per episode, however often the triggering event is delivered.
        idempotencyKey: `csi-alert:${customerId}:${episode.eventId}`,
      },
    );
  }

  /**
   * The customer's CSI as of now, after the score of `eventId` was recorded, over every score
   * `scoresOf` reads. Read after the stream's version: a score another topic's consumer records
   * meanwhile makes one of the two appends conflict, and the loser reads again, so the latest
   * event in the stream always counts every recorded score. Once per score, however often its
   * event is delivered.
   */
  async csiChanged(
    customerId: string,
    eventId: string,
    scoresOf: () => Promise<readonly { readonly value: number; readonly at: string }[]>,
  ): Promise<void> {
    const stream = csiStream(customerId);
    for (let attempt = 1; ; attempt += 1) {
      const version = await this.store.currentVersion(stream);
      const scores = await scoresOf();
      const asOf = this.clock.now();
      const value = csiOfFivePoint(scores, asOf, this.rules.csi);
      if (value === null) return;
      try {
        await this.store.append(
          stream,
          version,
          [
            {
              type: customerSatisfactionChanged.name,
              data: {
                customerId,
                csi: hundredths(value),
                scores: scores.length,
                triggeringEventId: eventId,
                asOf: asOf.toISOString(),
              },
            },
          ],
          {
            actorId: 'system:satisfaction',
            correlationId: eventId,
            causationId: eventId,
            customerId,
            occurredAt: asOf,
            idempotencyKey: `csi:${customerId}:${eventId}`,
          },
        );
        return;
      } catch (error) {
        const conflict =
          error instanceof EventStoreError &&
          error.code === EventStoreErrorCode.StreamVersionConflict;
        if (!conflict || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }
}
