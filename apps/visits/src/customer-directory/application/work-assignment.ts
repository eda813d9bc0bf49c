import { hasRole, mayAct, mayRead, type RequestContext } from '@crm/platform';
import type {
  CustomerDirectoryProjection,
  DirectoryCustomer,
} from '@apps/visits/src/customer-directory/infrastructure/customer-directory.projection';

/** New work on a customer (a visit, an opportunity): the customer, and the person it is for. */
export interface WorkAssignment {
  readonly customer: DirectoryCustomer;
  readonly assigneeId: string;
}

/** How the work refuses: each kind of work with its own error. */
export interface AssignmentRefusals {
  readonly unknownCustomer: () => Error;
  readonly notAllowed: (assignment: WorkAssignment) => Error;
}

/**
 * D1 for new work on a customer. A customer the caller may not see answers as one that does not
 * exist: nothing tells them apart. The work is for the person named, else the caller acting as a
 * rep, else the customer's owner; a rep gives it to themselves for the customers they own, a
 * manager within the region, an admin anywhere.
 */
export async function assignWork(
  directory: CustomerDirectoryProjection,
  request: { readonly customerId: string; readonly assigneeId?: string | undefined },
  context: RequestContext,
  refuse: AssignmentRefusals,
): Promise<WorkAssignment> {
  const customer = await directory.find(request.customerId);
  if (!customer || !mayRead(context.scope, customer)) throw refuse.unknownCustomer();
  const { principal } = context;
  const actsAsRep =
    hasRole(principal, 'sales_rep') && !hasRole(principal, 'admin', 'sales_manager');
  const assigneeId = request.assigneeId ?? (actsAsRep ? principal.userId : customer.ownerId);
  const allowed =
    mayAct(context.scope, { ownerId: assigneeId, region: customer.region }) &&
    mayAct(context.scope, customer);
  if (!allowed) throw refuse.notAllowed({ customer, assigneeId });
  return { customer, assigneeId };
}
