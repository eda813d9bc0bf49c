import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ENGAGEMENT_CHANNELS, ERASED_TEXT, GREETING_OCCASIONS } from '@crm/contracts';
import { ProjectionSlots, type PageRequest } from '@crm/projections';
import {
  APP_CONFIG,
  decodeCursor,
  documentsById,
  maskValue,
  seesClear,
  toPage,
  type AccessScope,
  type Page,
} from '@crm/platform';
import { labelsOf } from '@apps/analytics/src/customer-360/infrastructure/customer-360.projection';
import {
  holidayLabels,
  occasionLabelOf,
} from '@apps/analytics/src/engagement/domain/greeting-occasion-label';
import {
  greetingPolicyOf,
  type EngagementConfig,
} from '@apps/analytics/src/engagement/engagement.config';
import {
  GREETING_CONTACTS,
  type GreetingContactDocument,
} from '@apps/analytics/src/engagement/infrastructure/greeting-contacts.projection';
import {
  GREETING_LIST,
  GREETING_LIST_STATUSES,
  type GreetingListDocument,
  type GreetingListStatus,
} from '@apps/analytics/src/engagement/infrastructure/greeting-list.projection';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';

export interface GreetingFilter extends PageRequest {
  readonly statuses?: readonly GreetingListStatus[];
  /** Due at or after (inclusive). */
  readonly from?: Date;
  /** Due before (exclusive). */
  readonly to?: Date;
  readonly customerId?: string;
}

/** One greeting as the list answers it (the OpenAPI schema of GET /engagement/greetings). */
export const greetingView = z.object({
  greetingId: z.string(),
  customerId: z.string(),
  customerName: z
    .string()
    .nullable()
    .describe("the customer's name as analytics knows it; null before its registration reached it"),
  contact: z.object({
    contactId: z.string(),
    name: z
      .string()
      .nullable()
      .describe(
        'personal data: masked (`***` and a hint) for a caller who sees the customer masked, `[erased]` after the erasure of the customer, null while the contact is not known yet',
      ),
  }),
  occasion: z.object({
    kind: z.enum(GREETING_OCCASIONS),
    label: z
      .string()
      .describe(
        'the occasion in Chinese (生日, 春节, a public holiday by its name, 国庆节); anniversary and one-off labels are personal and not repeated',
      ),
    year: z.int().describe('the year of the occasion the greeting belongs to'),
  }),
  dueAt: z
    .string()
    .describe(
      "ISO date-time it is (was) delivered: the configured hour in the contact's time zone",
    ),
  dueDate: z.string().describe('the day it is due where the contact lives (YYYY-MM-DD)'),
  timeZone: z.string().describe("the contact's time zone, e.g. Asia/Shanghai"),
  channel: z
    .enum(ENGAGEMENT_CHANNELS)
    .describe('`task`: a personal word from the rep (a call, a gift); the others are automated'),
  status: z.enum(GREETING_LIST_STATUSES),
  closedAt: z.string().nullable().describe('when it was sent, failed or was cancelled'),
  responsibleRepId: z
    .string()
    .nullable()
    .describe("the customer's owner, who answers for the greeting (null before the registration)"),
  region: z.string().nullable(),
});
export type GreetingView = z.infer<typeof greetingView>;

const SEPARATOR = '|';

/**
 * The greetings of the customers within the caller's scope (a rep: their own; a manager: their
 * region; an analyst: all, contacts masked), due soonest first. The greeting list carries no
 * personal value; the contact's name, the customer's owner and region are joined per page.
 */
@Injectable()
export class ListGreetingsQuery {
  private readonly holidays: ReadonlyMap<string, string>;

  constructor(
    private readonly slots: ProjectionSlots,
    private readonly customers: CustomerScope,
    @Inject(APP_CONFIG) config: EngagementConfig,
  ) {
    this.holidays = holidayLabels(greetingPolicyOf(config).holidays.calendar);
  }

  async execute(filter: GreetingFilter, scope: AccessScope): Promise<Page<GreetingView>> {
    const visible = await this.customers.filter(scope);
    if (visible === null) return { items: [], nextCursor: null };
    const after = decodeCursor(filter.cursor);
    const [afterDue, afterId] = after?.split(SEPARATOR) ?? [];
    const due = {
      ...(filter.from ? { $gte: filter.from.toISOString() } : {}),
      ...(filter.to ? { $lt: filter.to.toISOString() } : {}),
    };
    const list = await this.slots.collection<GreetingListDocument>(GREETING_LIST);
    const conditions = [
      visible,
      filter.customerId ? { customerId: filter.customerId } : {},
      filter.statuses ? { status: { $in: [...filter.statuses] } } : {},
      Object.keys(due).length > 0 ? { dueAt: due } : {},
      afterDue !== undefined && afterId !== undefined
        ? { $or: [{ dueAt: { $gt: afterDue } }, { dueAt: afterDue, _id: { $gt: afterId } }] }
        : {},
    ].filter((condition) => Object.keys(condition).length > 0);
    const rows = await list
      .find(conditions.length > 0 ? { $and: conditions } : {})
      .sort({ dueAt: 1, _id: 1 })
      .limit(filter.limit + 1)
      .toArray();
    const page = rows.slice(0, filter.limit);
    const customerIds = [...new Set(page.map((row) => row.customerId))];
    const [refs, labelOf, contacts] = await Promise.all([
      this.customers.narrow(scope, customerIds),
      labelsOf(this.slots, customerIds),
      this.contactsOf(page.map((row) => row.contactId)),
    ]);
    return toPage(
      rows,
      filter.limit,
      (row) => `${row.dueAt}${SEPARATOR}${row._id}`,
      (row): GreetingView => {
        const ref = refs.refOf(row.customerId);
        const contact = contacts.get(row.contactId);
        return {
          greetingId: row._id,
          customerId: row.customerId,
          customerName: labelOf(row.customerId).name,
          contact: {
            contactId: row.contactId,
            name:
              contact?.name === undefined
                ? null
                : contact.erased
                  ? ERASED_TEXT
                  : seesClear(scope, ref)
                    ? contact.name
                    : maskValue(contact.name),
          },
          occasion: {
            kind: row.occasion,
            label: occasionLabelOf(row.occasion, row.occasionKey, this.holidays),
            year: row.year,
          },
          dueAt: row.dueAt,
          dueDate: DateTime.fromISO(row.dueAt, { zone: row.timeZone }).toISODate() ?? row.dueAt,
          timeZone: row.timeZone,
          channel: row.channel,
          status: row.status,
          closedAt: row.closedAt ?? null,
          responsibleRepId: ref?.ownerId ?? null,
          region: ref?.region ?? null,
        };
      },
    );
  }

  private async contactsOf(
    contactIds: readonly string[],
  ): Promise<ReadonlyMap<string, GreetingContactDocument>> {
    if (contactIds.length === 0) return new Map();
    const contacts = await this.slots.collection<GreetingContactDocument>(GREETING_CONTACTS);
    return documentsById(contacts, contactIds);
  }
}
