import { Injectable } from '@nestjs/common';
import type { BoundedContext } from '@crm/contracts';
import { encodeCursor, seesClear, type AccessScope, type Page } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { TimelineLink } from '../domain/timeline-entry';
import {
  CUSTOMER_TIMELINE,
  type TimelineEntryDocument,
} from '../infrastructure/customer-timeline.projection';
import { GetCustomer360Query } from './get-customer-360.query';

/** Where a page starts: after this entry (the last of the previous page). */
export interface TimelinePosition {
  readonly occurredAt: Date;
  readonly eventId: string;
}

export interface TimelineRequest {
  readonly service?: BoundedContext;
  readonly type?: string;
  readonly after?: TimelinePosition;
  readonly limit: number;
}

export interface TimelineItem {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly service: BoundedContext;
  readonly type: string;
  readonly summary: string;
  readonly link: TimelineLink | null;
}

export type CustomerTimeline = { readonly customerId: string } & Page<TimelineItem>;

/** The cursor of a page: the position of its last entry. */
export const timelineCursorOf = (position: TimelinePosition): string =>
  encodeCursor(`${position.occurredAt.toISOString()}|${position.eventId}`);

/** The position a cursor of this API names; undefined for anything else. */
export function timelinePositionOf(text: string): TimelinePosition | undefined {
  const [at, eventId, ...rest] = text.split('|');
  if (at === undefined || !eventId || rest.length > 0 || !/^[0-9a-f-]{36}$/i.test(eventId))
    return undefined;
  const occurredAt = new Date(at);
  return Number.isNaN(occurredAt.getTime()) || occurredAt.toISOString() !== at
    ? undefined
    : { occurredAt, eventId };
}

/** The customer's timeline across the services, newest first, within the caller's scope. */
@Injectable()
export class GetCustomerTimelineQuery {
  constructor(
    private readonly views: GetCustomer360Query,
    private readonly slots: ProjectionSlots,
  ) {}

  async execute(
    customerId: string,
    scope: AccessScope,
    request: TimelineRequest,
  ): Promise<CustomerTimeline> {
    const view = await this.views.visible(customerId, scope);
    const entries = await this.slots.collection<TimelineEntryDocument>(CUSTOMER_TIMELINE);
    const after = request.after;
    // The customer's equality leads (FerretDB pushes it down, ADR 62); the rest is evaluated over
    // that customer's entries, which the projection bounds.
    const rows = await entries
      .find({
        customerId,
        ...(request.service ? { service: request.service } : {}),
        ...(request.type ? { type: request.type } : {}),
        // A masked reader (an analyst) is not shown what would tell a contact's personal date.
        ...(seesClear(scope, view.profile ?? undefined) ? {} : { clearOnly: false }),
        ...(after
          ? {
              $or: [
                { occurredAt: { $lt: after.occurredAt } },
                { occurredAt: after.occurredAt, _id: { $lt: after.eventId } },
              ],
            }
          : {}),
      })
      .sort({ occurredAt: -1, _id: -1 })
      .limit(request.limit + 1)
      .toArray();
    const items = rows.slice(0, request.limit);
    const last = items.at(-1);
    return {
      customerId,
      items: items.map((row) => ({
        eventId: row._id,
        occurredAt: row.occurredAt.toISOString(),
        service: row.service,
        type: row.type,
        summary: row.summary,
        link: row.link,
      })),
      nextCursor:
        rows.length > request.limit && last
          ? timelineCursorOf({ occurredAt: last.occurredAt, eventId: last._id })
          : null,
    };
  }
}
