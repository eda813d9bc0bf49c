import { Inject, Injectable } from '@nestjs/common';
import { satisfactionAlertRaised } from '@crm/contracts';
import type { MongoEventStore } from '@crm/event-store';
import { EVENT_STORE, OrganizationDirectory } from '@crm/platform';
import { ProjectionSlots } from '@apps/analytics/src/projections/infrastructure/projection-slots';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import type { AlertEpisode } from '../domain/alert-episodes';
import type { AlertRule } from '../domain/csi';

export const alertStream = (customerId: string): string => `csi-alert-${customerId}`;

/**
 * Publishes SatisfactionAlertRaised through the analytics event store and outbox, once per episode,
 * addressed to the customer's owner and the owner's supervisor in the organization directory (D6).
 */
@Injectable()
export class SatisfactionAlerts {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    private readonly slots: ProjectionSlots,
    private readonly directory: OrganizationDirectory,
  ) {}

  async raise(customerId: string, episode: AlertEpisode, rule: AlertRule): Promise<void> {
    const facts = await (
      await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS)
    ).findOne({ _id: customerId }, { projection: { profile: 1 } });
    const ownerId = facts?.profile?.ownerId ?? null;
    const stream = alertStream(customerId);
    const cap = (value: number) => Math.min(100, Math.max(0, Math.round(value * 100) / 100));
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
            csi: cap(episode.csi),
            peakCsi: episode.peakCsi === null ? null : cap(episode.peakCsi),
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
}
