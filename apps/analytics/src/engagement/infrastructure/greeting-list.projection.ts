import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  parseEventType,
  Topics,
  type CloudEvent,
  type EngagementChannel,
  type GreetingOccasion,
} from '@crm/contracts';
import { applyTo, type Projection } from '@crm/projections';
import { occasionKeyOf } from '@apps/analytics/src/engagement/domain/greeting-occasion-label';

export const GREETING_LIST = 'engagement-greetings';

/** What the list calls a greeting's state: `planned` is the decider's `scheduled`. */
export const GREETING_LIST_STATUSES = ['planned', 'sent', 'failed', 'cancelled'] as const;
export type GreetingListStatus = (typeof GREETING_LIST_STATUSES)[number];

/**
 * One greeting as the rep's list shows it. No personal value: the reason (it names the date or the
 * anniversary) and a failure's message are sealed in the events and stay there; the contact's name
 * is joined at read time from the greeting contacts.
 */
export interface GreetingListDocument {
  _id: string;
  customerId: string;
  contactId: string;
  occasion: GreetingOccasion;
  /** Which occasion of its kind (`birthday`, `public_holiday_national_day`, a hash for the others). */
  occasionKey: string;
  year: number;
  channel: EngagementChannel;
  status: GreetingListStatus;
  /** When it is delivered (or was): the local hour in the contact's zone, as an instant. */
  dueAt: string;
  timeZone: string;
  /** When it was sent, failed or was cancelled. */
  closedAt?: string;
  applied?: Record<string, number>;
}

interface GreetingIdentityData {
  greetingId: string;
  customerId: string;
  contactId: string;
  occasion: GreetingOccasion;
  year: number;
}

/**
 * The planned greetings (GET /engagement/greetings), from the greeting streams on the engagement
 * topic: one document per greeting, each event applied once in its stream's order.
 */
@Injectable()
export class GreetingListProjection implements Projection<GreetingListDocument> {
  readonly name = GREETING_LIST;
  readonly topics = [Topics.engagement];

  async ensureIndexes(target: Collection<GreetingListDocument>): Promise<void> {
    // Serves the list: due soonest first, narrowed by customer (the scope) and status.
    await target.createIndex({ dueAt: 1, _id: 1 }, { name: 'due' });
    await target.createIndex({ customerId: 1, dueAt: 1 }, { name: 'customer_due' });
  }

  async apply(event: CloudEvent, target: Collection<GreetingListDocument>): Promise<boolean> {
    const name = parseEventType(event.type)?.name ?? '';
    if (!name.startsWith('Greeting')) return false;
    const data = event.data as unknown as GreetingIdentityData & Record<string, unknown>;
    const identity = {
      customerId: data.customerId,
      contactId: data.contactId,
      occasion: data.occasion,
      occasionKey: occasionKeyOf(data.greetingId, data.contactId, data.year),
      year: data.year,
    };
    switch (name) {
      case 'GreetingScheduled':
        // Also a move, a re-planning after a cancellation, or a merge's survivor taking it over.
        return applyTo(target, data.greetingId, event, {
          $set: {
            ...identity,
            channel: data['channel'] as EngagementChannel,
            status: 'planned',
            dueAt: data['scheduledFor'] as string,
            timeZone: data['timeZone'] as string,
          },
          $unset: { closedAt: '' },
        });
      case 'GreetingCancelled':
        return applyTo(target, data.greetingId, event, {
          $set: { ...identity, status: 'cancelled', closedAt: data['cancelledAt'] as string },
        });
      case 'GreetingSent':
        return applyTo(target, data.greetingId, event, {
          $set: {
            ...identity,
            channel: data['channel'] as EngagementChannel,
            status: 'sent',
            closedAt: data['sentAt'] as string,
          },
        });
      case 'GreetingFailed':
        return applyTo(target, data.greetingId, event, {
          $set: {
            ...identity,
            channel: data['channel'] as EngagementChannel,
            status: 'failed',
            closedAt: data['failedAt'] as string,
          },
        });
      default:
        return false;
    }
  }
}
