import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import {
  engagementEventDefinitions,
  type CloudEvent,
  type EngagementEvent,
  type FollowUpAbout,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';

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
 * The follow-up list (GET /engagement/follow-ups), from the engagement topic. Its one writer is the
 * consumer of that topic; applyOnce keeps each follow-up's events in order and applied once.
 */
@Injectable()
export class FollowUpListProjection {
  readonly list: Collection<FollowUpListDocument>;

  constructor(@InjectConnection() connection: Connection) {
    this.list = connection.db!.collection<FollowUpListDocument>('engagement_follow_up_list');
  }

  async ensureIndexes(): Promise<void> {
    // Serves the owner's list: newest due first, paged by id.
    await this.list.createIndex({ ownerId: 1, _id: 1 }, { name: 'owner_id' });
  }

  async apply(cloudEvent: CloudEvent): Promise<void> {
    const name = cloudEvent.type.split('.')[2] ?? '';
    if (!followUpTypes.has(name)) return;
    const event = { type: name, data: cloudEvent.data } as EngagementEvent;
    const position = { stream: cloudEvent.subject, sequence: cloudEvent.sequence };
    const version = { version: cloudEvent.sequence };
    switch (event.type) {
      case 'FollowUpScheduled':
        await applyOnce(this.list, event.data.followUpId, position, {
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
        await applyOnce(this.list, event.data.followUpId, position, {
          $set: { status: 'due', ...version },
        });
        return;
      case 'FollowUpCompleted':
        await applyOnce(this.list, event.data.followUpId, position, {
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
        await applyOnce(this.list, event.data.followUpId, position, {
          $set: { status: 'cancelled', ...version },
        });
        return;
      case 'FollowUpReassigned':
        await applyOnce(this.list, event.data.followUpId, position, {
          $set: { ownerId: event.data.ownerId, ...version },
        });
        return;
      default:
        return;
    }
  }
}
