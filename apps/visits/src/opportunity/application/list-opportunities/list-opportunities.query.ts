import { Injectable } from '@nestjs/common';
import { decodeCursor, toPage, type Page, type Principal } from '@crm/platform';
import { scopeOf } from '@apps/visits/src/customer-directory/application/visits-access.policy';
import {
  OpportunityViewProjection,
  type OpportunityFilter,
} from '@apps/visits/src/opportunity/infrastructure/opportunity-view.projection';

export interface ListOpportunitiesInput extends OpportunityFilter {
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface OpportunityListItem {
  readonly opportunityId: string;
  readonly customerId: string;
  readonly ownerId: string;
  readonly region: string;
  readonly title: string;
  readonly amount: number;
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
    principal: Principal,
  ): Promise<Page<OpportunityListItem>> {
    const scope = scopeOf(principal);
    if (scope === null) return { items: [], nextCursor: null };
    if (
      (scope.ownerId && input.ownerId && input.ownerId !== scope.ownerId) ||
      (scope.region && input.region && input.region !== scope.region)
    ) {
      return { items: [], nextCursor: null };
    }
    const { cursor, limit, ...filter } = input;
    const rows = await this.views.page({ ...filter, ...scope }, decodeCursor(cursor), limit + 1);
    return toPage(
      rows,
      limit,
      (row) => row._id,
      (row) => ({
        opportunityId: row._id,
        customerId: row.customerId,
        ownerId: row.ownerId,
        region: row.region,
        title: row.title,
        amount: row.amount,
        currency: row.currency,
        expectedCloseDate: row.expectedCloseDate,
        status: row.status,
        stage: row.stage,
        winRate: row.winRate,
      }),
    );
  }
}
