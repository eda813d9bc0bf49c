import { hasRole, type Principal } from '@crm/platform';
import { CustomerError, CustomerErrorCode } from '../domain/customer.errors';

interface Ownership {
  readonly ownerId: string;
  readonly region: string;
}

/** D1, strict control of customer intelligence: reps see their own, managers their region. */
export function mayAccessCustomer(principal: Principal, customer: Ownership): boolean {
  if (hasRole(principal, 'admin', 'analyst', 'service_agent', 'supervisor')) return true;
  if (hasRole(principal, 'sales_manager') && principal.region === customer.region) return true;
  return hasRole(principal, 'sales_rep') && principal.userId === customer.ownerId;
}

/** Who may register a customer with this owner and region. */
export function assertMayRegister(principal: Principal, customer: Ownership): void {
  if (hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'sales_manager')) {
    if (principal.region === customer.region) return;
    throw new CustomerError(CustomerErrorCode.RegionNotAllowed, 'you may only register customers in your region', {
      region: customer.region,
    });
  }
  if (principal.userId !== customer.ownerId) {
    throw new CustomerError(CustomerErrorCode.OwnerNotAllowed, 'a sales rep registers customers they own', {
      ownerId: customer.ownerId,
    });
  }
}
