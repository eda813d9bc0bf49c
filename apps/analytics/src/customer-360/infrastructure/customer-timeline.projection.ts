import { Inject, Injectable } from '@nestjs/common';
import { MongoServerError, type Collection } from 'mongodb';
import { Topics, type BoundedContext, type CloudEvent } from '@crm/contracts';
import { type Projection } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { timelineEntryOf, type TimelineLink } from '../domain/timeline-entry';

export const CUSTOMER_TIMELINE = 'customer-timeline';

/**
 * One timeline entry: one document per event, keyed by the event id (a redelivery or a replay
 * finds it there and adds nothing). Written once, by the event it comes from, so each document
 * still has one writer (ADR 40) although the timeline reads every topic.
 */
export interface TimelineEntryDocument {
  /** The event id. */
  _id: string;
  customerId: string;
  occurredAt: Date;
  service: BoundedContext;
  type: string;
  summary: string;
  link: TimelineLink | null;
  clearOnly: boolean;
}

const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === 11000;

/**
 * The customer's timeline across the services (ADR 137): an entry per event about the customer, its
 * summary from non-personal fields only, the newest `TIMELINE_ENTRIES_PER_CUSTOMER` kept.
 */
@Injectable()
export class CustomerTimelineProjection implements Projection<TimelineEntryDocument> {
  readonly name = CUSTOMER_TIMELINE;
  readonly topics = [
    Topics.customers,
    Topics.visits,
    Topics.complaints,
    Topics.analytics,
    Topics.engagement,
  ];

  constructor(@Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules) {}

  async apply(event: CloudEvent, entries: Collection<TimelineEntryDocument>): Promise<boolean> {
    const entry = timelineEntryOf(event);
    if (!entry) return false;
    const { eventId, occurredAt, ...rest } = entry;
    try {
      // An insert, not an upsert: FerretDB 1.24 drops the null fields of an upsert's $setOnInsert.
      await entries.insertOne({ _id: eventId, ...rest, occurredAt: new Date(occurredAt) });
    } catch (error) {
      // The entry is there already: a redelivery, a replay or a re-published record.
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    await this.keepNewest(entries, entry.customerId);
    return true;
  }

  /**
   * Drops what lies beyond the customer's newest entries (by time, then event id). The kept set is
   * the newest N of every event seen, whatever order they came in: live and rebuilt agree. Every
   * filter leads with the customer's equality (FerretDB pushes only that down, ADR 62): the rest
   * is evaluated over at most N + 1 entries.
   */
  private async keepNewest(
    entries: Collection<TimelineEntryDocument>,
    customerId: string,
  ): Promise<void> {
    const keep = this.rules.timelineEntriesPerCustomer;
    if ((await entries.countDocuments({ customerId })) <= keep) return;
    const [lastKept] = await entries
      .find({ customerId }, { projection: { occurredAt: 1 } })
      .sort({ occurredAt: -1, _id: -1 })
      .skip(keep - 1)
      .limit(1)
      .toArray();
    if (!lastKept) return;
    await entries.deleteMany({
      customerId,
      $or: [
        { occurredAt: { $lt: lastKept.occurredAt } },
        { occurredAt: lastKept.occurredAt, _id: { $lt: lastKept._id } },
      ],
    });
  }

  async ensureIndexes(entries: Collection<TimelineEntryDocument>): Promise<void> {
    // Serves GET /analytics/customers/:id/timeline (newest first) and the bound per customer: the
    // customer's equality is what FerretDB pushes down (its GIN twin, ADR 62).
    await entries.createIndex({ customerId: 1, occurredAt: -1, _id: -1 });
  }
}
