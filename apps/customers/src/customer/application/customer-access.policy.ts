import { hasRole, type Principal } from '@crm/platform';
import { CustomerError, CustomerErrorCode } from '../domain/customer.errors';

interface Ownership {
  readonly ownerId: string;
  readonly region: string;
}

/** D1, strict control of customer intelligence: reps see their own, managers their region. */
export function mayAccessCustomer(principal: Principal, customer: Ownership): boolean {
  if (hasRole(principal, 'admin', 'analyst', 'service_agent', 'supervisor')) return true;
  return mayChangeCustomer(principal, customer);
}

/** Who may change a customer's card, contacts, purchases and key-account status. */
export function mayChangeCustomer(principal: Principal, customer: Ownership): boolean {
  if (hasRole(principal, 'admin')) return true;
  if (hasRole(principal, 'sales_manager') && principal.region === customer.region) return true;
  return hasRole(principal, 'sales_rep') && principal.userId === customer.ownerId;
}

/** An analyst works on figures: phone, e-mail, WeChat and contacts' personal data are masked. */
export function seesPersonalData(principal: Principal): boolean {
  return hasRole(principal, 'admin', 'sales_manager', 'sales_rep', 'service_agent', 'supervisor');
}

/** The stream, for audit: an admin, or a manager of the customer's region (the owner's manager). */
export function mayReadHistory(principal: Principal, customer: Ownership): boolean {
  return (
    hasRole(principal, 'admin') ||
    (hasRole(principal, 'sales_manager') && principal.region === customer.region)
  );
}

/** A customer's region must be one of the organization's (else no manager oversees it). */
export function assertKnownRegion(region: string, regions: readonly string[]): void {
  if (regions.includes(region)) return;
  throw new CustomerError(
    CustomerErrorCode.UnknownRegion,
    `region must be one of the organization's regions: ${regions.join(', ')}`,
    { errors: [{ field: 'region', message: 'is not a region of the organization' }] },
  );
}

/**
 * Who may register a customer with this owner, region and key-account manager. A rep registers
 * customers they own and names no key-account manager: changing either later is their manager's.
 */
export function assertMayRegister(
  principal: Principal,
  customer: Ownership & { readonly keyAccountManagerId?: string | undefined },
): void {
  if (hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'sales_manager')) {
    if (principal.region === customer.region) return;
    throw new CustomerError(
      CustomerErrorCode.RegionNotAllowed,
      'you may only register customers in your region',
      {
        region: customer.region,
      },
    );
  }
  if (principal.userId !== customer.ownerId) {
    throw new CustomerError(
      CustomerErrorCode.OwnerNotAllowed,
      'a sales rep registers customers they own',
      {
        ownerId: customer.ownerId,
      },
    );
  }
  if (customer.keyAccountManagerId !== undefined) {
    throw new CustomerError(
      CustomerErrorCode.OwnerNotAllowed,
      'a sales rep may not name the key-account manager: their manager does',
    );
  }
}

/**
 * Who may hand a customer to another owner or region: an admin anywhere, a manager within their
 * region; a rep never (their manager reassigns).
 */
export function assertMayReassign(
  principal: Principal,
  change: {
    readonly ownerId?: string | undefined;
    readonly region?: string | undefined;
    readonly keyAccountManagerId?: string | null | undefined;
  },
): void {
  if (hasRole(principal, 'admin')) return;
  const reassigns = change.ownerId !== undefined || change.keyAccountManagerId !== undefined;
  if (hasRole(principal, 'sales_manager')) {
    if (change.region === undefined || change.region === principal.region) return;
    throw new CustomerError(
      CustomerErrorCode.RegionNotAllowed,
      'you may only move customers within your region',
      {
        region: change.region,
      },
    );
  }
  if (reassigns) {
    throw new CustomerError(
      CustomerErrorCode.OwnerNotAllowed,
      'a sales rep may not reassign a customer',
      {
        ...(change.ownerId === undefined ? {} : { ownerId: change.ownerId }),
      },
    );
  }
  if (change.region !== undefined) {
    throw new CustomerError(
      CustomerErrorCode.RegionNotAllowed,
      'a sales rep may not move a customer to another region',
      {
        region: change.region,
      },
    );
  }
}
