import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { parseEventType, type CloudEvent, type ComplaintEvent } from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { evolveComplaint } from '@apps/complaints/src/complaint/domain/complaint.decider';
import {
  initialComplaintState,
  type ComplaintState,
} from '@apps/complaints/src/complaint/domain/complaint.state';
import { COMPLAINT_LIST, type ComplaintListDocument } from './complaint-list.schema';

export interface ComplaintListFilter {
  readonly status?: string | undefined;
  readonly department?: string | undefined;
  readonly severity?: string | undefined;
  readonly customerId?: string | undefined;
  /** Overdue (or not) as of `now`: an unmet deadline before `now`. */
  readonly overdue?: { readonly now: Date; readonly value: boolean } | undefined;
}

const nextDueOf = (state: ComplaintState): Date | null => {
  if (!state.recorded) return null;
  const dues = Object.values(state.deadlines)
    .filter((deadline) => deadline.due !== null && deadline.metAt === null)
    .map((deadline) => new Date(deadline.due!).getTime());
  return dues.length === 0 ? null : new Date(Math.min(...dues));
};

/**
 * The complaint list: one document per complaint, folded from crm.complaints.events.v1 by the
 * single consumer of that topic (records are keyed by customer, so one complaint is on one
 * partition: one writer per document, which applyOnce needs on FerretDB, ADR 4).
 */
@Injectable()
export class ComplaintListProjection {
  private readonly list;

  constructor(@InjectConnection() connection: Connection) {
    this.list = connection.collection<ComplaintListDocument>(COMPLAINT_LIST);
  }

  /** Applies one complaint event: the complaint after it, or null for a duplicate or another context's event. */
  async apply(event: CloudEvent): Promise<ComplaintState | null> {
    const parsed = parseEventType(event.type);
    if (parsed?.context !== 'complaints') return null;
    const domainEvent = { type: parsed.name, data: event.data } as ComplaintEvent;
    const current = await this.list.findOne({ _id: event.subject });
    const state = evolveComplaint(current?.state ?? initialComplaintState, domainEvent);
    if (!state.recorded) return null;
    const applied = await applyOnce(
      this.list,
      event.subject,
      { stream: event.subject, sequence: event.sequence },
      {
        $set: {
          customerId: state.customerId,
          status: state.status,
          severity: state.severity,
          category: state.category,
          department: state.department,
          handlerId: state.handlerId,
          recordedAt: new Date(state.recordedAt),
          nextDue: nextDueOf(state),
          escalationLevel: state.escalationLevel,
          updatedAt: new Date(event.time),
          state,
        },
      },
    );
    return applied ? state : null;
  }

  async page(
    filter: ComplaintListFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<ComplaintListDocument[]> {
    const query: Filter<ComplaintListDocument> = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.department ? { department: filter.department } : {}),
      ...(filter.severity ? { severity: filter.severity } : {}),
      ...(filter.customerId ? { customerId: filter.customerId } : {}),
      ...(filter.overdue?.value === true
        ? { nextDue: { $ne: null, $lt: filter.overdue.now } }
        : {}),
      ...(filter.overdue?.value === false
        ? { $or: [{ nextDue: null }, { nextDue: { $gte: filter.overdue.now } }] }
        : {}),
      ...(cursor ? { _id: { $gt: cursor } } : {}),
    };
    return this.list.find(query).sort({ _id: 1 }).limit(limit).toArray();
  }

  /** How many complaints per department and status. */
  async counts(): Promise<{ department: string | null; status: string; count: number }[]> {
    const rows = await this.list
      .aggregate<{ _id: { department: string | null; status: string }; count: number }>([
        { $group: { _id: { department: '$department', status: '$status' }, count: { $sum: 1 } } },
      ])
      .toArray();
    return rows
      .map((row) => ({
        department: row._id.department ?? null,
        status: row._id.status,
        count: row.count,
      }))
      .sort((a, b) => `${a.department}/${a.status}`.localeCompare(`${b.department}/${b.status}`));
  }
}
