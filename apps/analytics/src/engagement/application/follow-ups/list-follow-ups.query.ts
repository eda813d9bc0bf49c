import { Injectable } from '@nestjs/common';
import { decodeCursor, hasRole, toPage, type Page, type Principal } from '@crm/platform';
import {
  FollowUpListProjection,
  type FollowUpListDocument,
} from '@apps/analytics/src/engagement/infrastructure/follow-up-list.projection';

export interface FollowUpFilter {
  readonly ownerId?: string;
  readonly status?: FollowUpListDocument['status'];
  readonly customerId?: string;
  readonly cursor?: string;
  readonly limit: number;
}

export type FollowUpView = Omit<FollowUpListDocument, '_id' | 'applied'> & { followUpId: string };

/** A rep sees only their own follow-ups; managers, supervisors and admins anyone's. */
@Injectable()
export class ListFollowUpsQuery {
  constructor(private readonly projection: FollowUpListProjection) {}

  async execute(filter: FollowUpFilter, principal: Principal): Promise<Page<FollowUpView>> {
    const seesAll = hasRole(principal, 'sales_manager', 'supervisor', 'admin');
    const ownerId = seesAll ? filter.ownerId : principal.userId;
    const after = decodeCursor(filter.cursor);
    const rows = await this.projection.list
      .find({
        ...(ownerId ? { ownerId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.customerId ? { customerId: filter.customerId } : {}),
        ...(after ? { _id: { $gt: after } } : {}),
      })
      .sort({ _id: 1 })
      .limit(filter.limit + 1)
      .toArray();
    return toPage(
      rows,
      filter.limit,
      (row) => row._id,
      ({ _id, applied: _applied, ...row }) => ({ followUpId: _id, ...row }),
    );
  }
}
