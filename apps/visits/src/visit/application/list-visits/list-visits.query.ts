import { Injectable } from '@nestjs/common';
import { sliceFilter, type AccessScope, type Page } from '@crm/platform';
import { listPage, type PageRequest } from '@crm/projections';
import {
  VisitViewProjection,
  type VisitFilter,
} from '@apps/visits/src/visit/infrastructure/visit-view.projection';

export type ListVisitsInput = VisitFilter & PageRequest;

export interface VisitListItem {
  readonly visitId: string;
  readonly customerId: string;
  readonly repId: string;
  readonly region: string;
  readonly plannedDate: string;
  readonly channel: string;
  readonly purpose: string;
  readonly status: string;
  readonly feedbackScore?: number | undefined;
  readonly progress?: readonly string[] | undefined;
  readonly opportunityId?: string | undefined;
}

/** A rep lists their own visits, a manager their region's, an admin all; filters narrow further. */
@Injectable()
export class ListVisitsQuery {
  constructor(private readonly views: VisitViewProjection) {}

  async execute(input: ListVisitsInput, scope: AccessScope): Promise<Page<VisitListItem>> {
    const access = sliceFilter(scope, { ownerId: 'repId', region: 'region' }, 'acts');
    if (access === null) return { items: [], nextCursor: null };
    const { cursor, limit, ...filter } = input;
    return listPage(
      { cursor, limit },
      (page) => this.views.page(filter, { ...page, access }),
      (row) => ({
        visitId: row._id,
        customerId: row.customerId,
        repId: row.repId,
        region: row.region,
        plannedDate: row.plannedDate,
        channel: row.channel,
        purpose: row.purpose,
        status: row.status,
        feedbackScore: row.feedbackScore,
        progress: row.progress,
        opportunityId: row.opportunityId,
      }),
    );
  }
}
