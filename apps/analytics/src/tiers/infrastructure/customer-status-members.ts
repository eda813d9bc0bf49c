import { decodeCursor, toPage, type Page } from '@crm/platform';
import { findPage, ProjectionSlots, type PageRequest } from '@crm/projections';
import {
  labelsOf,
  type CustomerLabel,
} from '@apps/analytics/src/customer-360/infrastructure/customer-360.projection';
import { CUSTOMER_STATUS, type CustomerStatusDocument } from './customer-status.projection';

/**
 * A page of the members of a status list (the ABC tiers, the lifecycle stages): the visible
 * customers that have `field` (equal to `value`, when one is asked for), by customer id, each with
 * its name and owner from the 360 view and what `memberOf` reads from its status.
 */
export async function statusMembers<TMember>(
  slots: ProjectionSlots,
  visible: Record<string, unknown>,
  field: 'tier' | 'lifecycle',
  value: string | undefined,
  page: PageRequest,
  memberOf: (row: CustomerStatusDocument) => TMember,
): Promise<Page<{ customerId: string } & CustomerLabel & TMember>> {
  const status = await slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
  // `visible` is ANDed: it narrows by `_id` too, which the cursor's `_id` must not replace.
  const rows = await findPage(
    status,
    { [field]: value || { $exists: true } },
    { after: decodeCursor(page.cursor), limit: page.limit + 1, access: visible },
  );
  const labelOf = await labelsOf(
    slots,
    rows.slice(0, page.limit).map((row) => row._id),
  );
  return toPage(
    rows,
    page.limit,
    (row) => row._id,
    (row) => ({ customerId: row._id, ...labelOf(row._id), ...memberOf(row) }),
  );
}
