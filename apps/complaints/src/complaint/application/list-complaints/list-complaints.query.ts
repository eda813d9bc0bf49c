import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type Page } from '@crm/platform';
import { listPage, type PageRequest } from '@crm/projections';
import {
  ComplaintListProjection,
  type ComplaintListFilter,
} from '@apps/complaints/src/complaint/infrastructure/complaint-list.projection';

export interface ListComplaintsInput extends Omit<ComplaintListFilter, 'overdue'>, PageRequest {
  /** Overdue (or not) now. */
  readonly overdue?: boolean | undefined;
}

export interface ComplaintListItem {
  readonly complaintId: string;
  readonly customerId: string;
  readonly status: string;
  readonly severity: string;
  readonly category: string;
  readonly department: string | null;
  readonly handlerId: string | null;
  readonly recordedAt: string;
  readonly nextDue: string | null;
  readonly overdue: boolean;
  readonly escalationLevel: number;
}

/** GET /complaints: the list read model, in record order, with the D7 filters. */
@Injectable()
export class ListComplaintsQuery {
  constructor(
    private readonly list: ComplaintListProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    input: ListComplaintsInput,
    now = this.clock.now(),
  ): Promise<Page<ComplaintListItem>> {
    const { overdue, cursor, limit, ...filters } = input;
    const filter = {
      ...filters,
      overdue: overdue === undefined ? undefined : { now, value: overdue },
    };
    return listPage(
      { cursor, limit },
      (page) => this.list.page(filter, page),
      (row) => ({
        complaintId: row._id,
        customerId: row.customerId,
        status: row.status,
        severity: row.severity,
        category: row.category,
        department: row.department,
        handlerId: row.handlerId,
        recordedAt: row.recordedAt.toISOString(),
        nextDue: row.nextDue ? row.nextDue.toISOString() : null,
        overdue: row.nextDue !== null && row.nextDue < now,
        escalationLevel: row.escalationLevel,
      }),
    );
  }

  counts(): Promise<{ department: string | null; status: string; count: number }[]> {
    return this.list.counts();
  }
}
