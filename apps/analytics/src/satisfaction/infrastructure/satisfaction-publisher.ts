import { Inject, Injectable } from '@nestjs/common';
import { causedBy } from '@crm/event-store';
import { CLOCK, type Clock, OrganizationDirectory } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import {
  ALERT_HANDLER,
  CSI_HANDLER,
  type AlertCommandHandler,
  type CsiCommandHandler,
} from '../application/satisfaction-commands';
import type { AlertEpisode } from '../domain/alert-episodes';
import { csiOfFivePoint, type AlertRule } from '../domain/csi';

export const alertStream = (customerId: string): string => `csi-alert-${customerId}`;
export const csiStream = (customerId: string): string => `csi-${customerId}`;

/** A CSI score and an alert are recorded by the system on the score's behalf. */
const SYSTEM = 'system:satisfaction';
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
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly slots: ProjectionSlots,
    private readonly directory: OrganizationDirectory,
    @Inject(ALERT_HANDLER) private readonly alerts: AlertCommandHandler,
    @Inject(CSI_HANDLER) private readonly csi: CsiCommandHandler,
  ) {}

  async raiseAlert(customerId: string, episode: AlertEpisode, rule: AlertRule): Promise<void> {
    const facts = await (
      await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS)
    ).findOne({ _id: customerId }, { projection: { profile: 1 } });
    const ownerId = facts?.profile?.ownerId ?? null;
    await this.alerts.handle(
      alertStream(customerId),
      {
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
      causedBy(SYSTEM, episode.eventId, {
        occurredAt: new Date(episode.at),
        // One alert per episode, however often the triggering event is delivered.
        idempotencyKey: `csi-alert:${customerId}:${episode.eventId}`,
      }),
    );
  }

  /**
   * The customer's CSI as of now, after the score of `eventId` was recorded, over every score
   * `scoresOf` reads. Read after the stream is folded: a score another topic's consumer records
   * meanwhile makes one of the two appends conflict, and the loser reads again, so the latest
   * event in the stream always counts every recorded score. Once per score, however often its
   * event is delivered.
   */
  async csiChanged(
    customerId: string,
    eventId: string,
    scoresOf: () => Promise<readonly { readonly value: number; readonly at: string }[]>,
  ): Promise<void> {
    const asOf = this.clock.now();
    await this.csi.handle(
      csiStream(customerId),
      async () => {
        const scores = await scoresOf();
        const value = csiOfFivePoint(scores, asOf, this.rules.csi);
        return {
          customerId,
          csi: value === null ? null : hundredths(value),
          scores: scores.length,
          triggeringEventId: eventId,
          asOf: asOf.toISOString(),
        };
      },
      causedBy(SYSTEM, eventId, {
        occurredAt: asOf,
        idempotencyKey: `csi:${customerId}:${eventId}`,
      }),
    );
  }
}
