import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import { parseEventType, Topics, type CloudEvent, type ComplaintEvent } from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import {
  createSchemaIndexes,
  findPage,
  ProjectionSlots,
  type ApplyMode,
  type Projection,
  type ReadModelPage,
} from '@crm/projections';
import { ComplaintRepository } from '@apps/complaints/src/complaint/application/complaint.repository';
import { SlaTimers } from '@apps/complaints/src/complaint/application/sla/sla-timers';
import { evolveComplaint } from '@apps/complaints/src/complaint/domain/complaint.decider';
import {
  initialComplaintState,
  type ComplaintState,
} from '@apps/complaints/src/complaint/domain/complaint.state';
import {
  COMPLAINT_LIST,
  complaintListSchema,
  type ComplaintListDocument,
} from './complaint-list.schema';

/** What the complaint list filters on: exact values of these fields, and whether overdue. */
export interface ComplaintListFilter extends Partial<
  Pick<ComplaintListDocument, 'status' | 'department' | 'severity' | 'customerId'>
> {
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
 * projection runner's single consumer of that topic (records are keyed by customer, so one
 * complaint is on one partition: one writer per document, which applyOnce needs on FerretDB,
 * ADR 4). Live, it is also the catch-up path of the SLA timers: if a process died between an
 * append and scheduling its timers, the event arriving here schedules them. A rebuild (ADR 143)
 * schedules nothing; queries read the live slot.
 */
@Injectable()
export class ComplaintListProjection implements Projection<ComplaintListDocument> {
  readonly name = 'complaint-list';
  readonly collection = COMPLAINT_LIST;
  readonly topics = [Topics.complaints];

  constructor(
    private readonly slots: ProjectionSlots,
    private readonly complaints: ComplaintRepository,
    private readonly timers: SlaTimers,
  ) {}

  /** The indexes of the list schema, on the live collection and on a rebuilt one. */
  ensureIndexes(target: Collection<ComplaintListDocument>): Promise<void> {
    return createSchemaIndexes(target, complaintListSchema);
  }

  async apply(
    event: CloudEvent,
    list: Collection<ComplaintListDocument>,
    mode: ApplyMode,
  ): Promise<void> {
    // A stream this store does not hold belongs to another deployment sharing the topic.
    const version = await this.complaints.currentVersion(event.subject);
    if (version === 0) return;
    const state = await this.fold(event, list);
    // The newest event makes sure its running deadlines have timers. Cancelling is the command
    // path's job: a stale timer left by a crash only finds its deadline met (the re-check).
    if (!mode.live || !state || version !== event.sequence) return;
    // Read again: a step appended meanwhile has moved the timers itself.
    if ((await this.complaints.currentVersion(event.subject)) === event.sequence) {
      await this.timers.ensureScheduled(event.subject, state);
    }
  }

  /** Applies one complaint event: the complaint after it, or null for a duplicate or another context's event. */
  private async fold(
    event: CloudEvent,
    list: Collection<ComplaintListDocument>,
  ): Promise<ComplaintState | null> {
    const parsed = parseEventType(event.type);
    if (parsed?.context !== 'complaints') return null;
    const domainEvent = { type: parsed.name, data: event.data } as ComplaintEvent;
    const current = await list.findOne({ _id: event.subject });
    const state = evolveComplaint(current?.state ?? initialComplaintState, domainEvent);
    if (!state.recorded) return null;
    const applied = await applyOnce(
      list,
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

  async page(filter: ComplaintListFilter, page: ReadModelPage): Promise<ComplaintListDocument[]> {
    const { overdue, ...fields } = filter;
    const conditions = {
      ...fields,
      ...(overdue?.value === true ? { nextDue: { $ne: null, $lt: overdue.now } } : {}),
      ...(overdue?.value === false
        ? { $or: [{ nextDue: null }, { nextDue: { $gte: overdue.now } }] }
        : {}),
    };
    return findPage(await this.list(), conditions, page);
  }

  /** How many complaints per department and status. */
  async counts(): Promise<{ department: string | null; status: string; count: number }[]> {
    const rows = await (
      await this.list()
    )
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

  /** The live collection (its slot): a rebuild swaps it without the readers noticing. */
  private list(): Promise<Collection<ComplaintListDocument>> {
    return this.slots.collection<ComplaintListDocument>(this.name);
  }
}
