import { Injectable } from '@nestjs/common';
import { sliceFilter, type AccessScope, type Page } from '@crm/platform';
import { listPage, type PageRequest } from '@crm/projections';
import {
  OpportunityViewProjection,
  viewAmount,
  type OpportunityFilter,
} from '@apps/visits/src/opportunity/infrastructure/opportunity-view.projection';

export type ListOpportunitiesInput = OpportunityFilter & PageRequest;

export interface OpportunityListItem {
  readonly opportunityId: string;
  readonly customerId: string;
  readonly ownerId: string;
  readonly region: string;
  readonly title: string;
  /** Major units as an exact decimal string ("12800.50"), in `currency` (ADR 133). */
  readonly amount: string;
  readonly currency: string;
  readonly expectedCloseDate: string;
  readonly status: string;
  readonly stage: string;
  readonly winRate: number;
}

@Injectable()
export class ListOpportunitiesQuery {
  constructor(private readonly views: OpportunityViewProjection) {}

  async execute(
    input: ListOpportunitiesInput,
    scope: AccessScope,
  ): Promise<Page<OpportunityListItem>> {
    // Opportunities are the owner rep's, their manager's and an admin's: those who act for the customer.
    const access = sliceFilter(scope, undefined, 'acts');
    if (access === null) return { items: [], nextCursor: null };
    const { cursor, limit, ...filter } = input;
    return listPage(
      { cursor, limit },
      (page) => this.views.page(filter, { ...page, access }),
      (row) => ({
        opportunityId: row._id,
        customerId: row.customerId,
        ownerId: row.ownerId,
        region: row.region,
        title: row.title,
        amount: viewAmount(row),
        currency: row.currency,
        expectedCloseDate: row.expectedCloseDate,
        status: row.status,
        stage: row.stage,
        winRate: row.winRate,
      }),
    );
  }
}
