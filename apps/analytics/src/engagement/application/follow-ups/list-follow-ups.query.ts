import { Injectable } from '@nestjs/common';
import { FOLLOW_UP_REASONS, type FollowUpReason } from '@crm/contracts';
import { decodeCursor, toPage, type AccessScope, type Page } from '@crm/platform';
import { ProjectionSlots, withinScope, type PageRequest } from '@crm/projections';
import { labelsOf } from '@apps/analytics/src/customer-360/infrastructure/customer-360.projection';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import {
  FOLLOW_UP_LIST,
  type FollowUpListDocument,
} from '@apps/analytics/src/engagement/infrastructure/follow-up-list.projection';

export interface FollowUpFilter extends PageRequest {
  readonly ownerId?: string;
  readonly status?: FollowUpListDocument['status'];
  readonly customerId?: string;
  /** One reason, or `reactivation` for every reactivation reason. */
  readonly reason?: FollowUpReason | 'reactivation';
}

export type FollowUpView = Omit<FollowUpListDocument, '_id' | 'applied'> & {
  followUpId: string;
  /** The customer's name from the 360 view; null until the view has its registration. */
  customerName: string | null;
};

const REACTIVATION_REASONS = FOLLOW_UP_REASONS.filter((reason) =>
  reason.startsWith('reactivation_'),
);

const reasonsOf = (reason: NonNullable<FollowUpFilter['reason']>) =>
  reason === 'reactivation' ? { $in: REACTIVATION_REASONS } : reason;

/** Their own follow-ups, and those of the customers within the caller's scope (a manager: their region). */
@Injectable()
export class ListFollowUpsQuery {
  constructor(
    private readonly customers: CustomerScope,
    private readonly slots: ProjectionSlots,
  ) {}

  async execute(filter: FollowUpFilter, scope: AccessScope): Promise<Page<FollowUpView>> {
    const visible = await this.customers.filter(scope);
    const own = { ownerId: scope.userId };
    const access =
      visible === null ? own : Object.keys(visible).length === 0 ? {} : { $or: [own, visible] };
    const after = decodeCursor(filter.cursor);
    const list = await this.slots.collection<FollowUpListDocument>(FOLLOW_UP_LIST);
    const rows = await list
      .find(
        withinScope(
          {
            ...(filter.ownerId ? { ownerId: filter.ownerId } : {}),
            ...(filter.status ? { status: filter.status } : {}),
            ...(filter.customerId ? { customerId: filter.customerId } : {}),
            ...(filter.reason ? { reason: reasonsOf(filter.reason) } : {}),
            ...(after ? { _id: { $gt: after } } : {}),
          },
          access,
        ),
      )
      .sort({ _id: 1 })
      .limit(filter.limit + 1)
      .toArray();
    const labelOf = await labelsOf(this.slots, [
      ...new Set(rows.slice(0, filter.limit).map((row) => row.customerId)),
    ]);
    return toPage(
      rows,
      filter.limit,
      (row) => row._id,
      ({ _id, applied: _applied, ...row }) => ({
        followUpId: _id,
        ...row,
        customerName: labelOf(row.customerId).name,
      }),
    );
  }
}
