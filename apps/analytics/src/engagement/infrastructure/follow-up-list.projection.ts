import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  engagementEventDefinitions,
  Topics,
  type CloudEvent,
  type EngagementEvent,
  type FollowUpAbout,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { type Projection } from '@crm/projections';

export const FOLLOW_UP_LIST = 'engagement-follow-up-list';

export interface FollowUpListDocument {
  _id: string;
  customerId: string;
  ownerId: string;
  reason: string;
  channel: string;
  status: 'scheduled' | 'due' | 'completed' | 'cancelled';
  scheduledFor: string;
  /** The complaint a satisfaction call follows (id, category, severity). */
  about?: FollowUpAbout;
  outcome?: string;
  satisfactionScore?: number;
  completedAt?: string;
  version: number;
  applied?: Record<string, number>;
}

const followUpTypes = new Set<string>(
  engagementEventDefinitions
    .filter((definition) => definition.name.startsWith('FollowUp'))
    .map((d) => d.name),
);

/**
 * The follow-up list (GET /engagement/follow-ups), from the engagement topic, through the
 * projection runner (rebuildable); applyOnce keeps each follow-up's events in order and applied once.
 */
@Injectable()
export class FollowUpListProjection implements Projection<FollowUpListDocument> {
  readonly name = FOLLOW_UP_LIST;
  readonly topics = [Topics.engagement];
  /** Where it lived before projections had slots. */
  readonly collection = 'engagement_follow_up_list';

  async ensureIndexes(target: Collection<FollowUpListDocument>): Promise<void> {
    // Serves the owner's list: newest due first, paged by id.
    await target.createIndex({ ownerId: 1, _id: 1 }, { name: 'owner_id' });
  }

  async apply(cloudEvent: CloudEvent, target: Collection<FollowUpListDocument>): Promise<void> {
    const name = cloudEvent.type.split('.')[2] ?? '';
    if (!followUpTypes.has(name)) return;
    const event = { type: name, data: cloudEvent.data } as EngagementEvent;
    const position = { stream: cloudEvent.subject, sequence: cloudEvent.sequence };
    const version = { version: cloudEvent.sequence };
    switch (event.type) {
      case 'FollowUpScheduled':
        await applyOnce(target, event.data.followUpId, position, {
          $set: {
            customerId: event.data.customerId,
            ownerId: event.data.ownerId,
            reason: event.data.reason,
            channel: event.data.channel,
            status: 'scheduled',
            scheduledFor: event.data.scheduledFor,
            ...(event.data.about ? { about: event.data.about } : {}),
            ...version,
          },
        });
        return;
      case 'FollowUpDue':
        await applyOnce(target, event.data.followUpId, position, {
          $set: { status: 'due', ...version },
        });
        return;
      case 'FollowUpCompleted':
        await applyOnce(target, event.data.followUpId, position, {
          $set: {
            status: 'completed',
            outcome: event.data.outcome,
            completedAt: event.data.completedAt,
            ...(event.data.satisfactionScore === undefined
              ? {}
              : { satisfactionScore: event.data.satisfactionScore }),
            ...version,
          },
        });
        return;
      case 'FollowUpCancelled':
        await applyOnce(target, event.data.followUpId, position, {
          $set: { status: 'cancelled', ...version },
        });
        return;
      case 'FollowUpReassigned':
        await applyOnce(target, event.data.followUpId, position, {
          $set: { ownerId: event.data.ownerId, ...version },
        });
        return;
      default:
        return;
    }
  }
}
