import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, decodeCursor, toPage, type Page } from '@crm/platform';
import { ComplaintListProjection } from '@apps/complaints/src/complaint/infrastructure/complaint-list.projection';

export interface ListComplaintsInput {
  readonly status?: string | undefined;
  readonly department?: string | undefined;
  readonly severity?: string | undefined;
  readonly customerId?: string | undefined;
  readonly overdue?: boolean | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
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
    const rows = await this.list.page(
      { ...filters, overdue: overdue === undefined ? undefined : { now, value: overdue } },
      decodeCursor(cursor),
      limit + 1,
    );
    return toPage(
      rows,
      limit,
      (row) => row._id,
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
