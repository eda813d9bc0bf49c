import type { Role } from '@crm/contracts';
import {
  mayAct,
  type AccessScope,
  type OrganizationDirectory,
  type OrganizationPerson,
} from '@crm/platform';
import { CustomerError, CustomerErrorCode } from '../domain/customer.errors';

interface Ownership {
  readonly ownerId: string;
  readonly region: string;
}

/** Whether one of the caller's roles grants it anything (a manager without a region: no). */
const acts = (scope: AccessScope, role: Role): boolean =>
  scope.grants.some((grant) => grant.role === role && grant.acts);

/** A customer's region must be one of the organization's (else no manager oversees it). */
export function assertKnownRegion(region: string, directory: OrganizationDirectory): void {
  if (directory.hasRegion(region)) return;
  throw new CustomerError(
    CustomerErrorCode.UnknownRegion,
    `region must be one of the organization's regions: ${directory.regionIds().join(', ')}`,
    { errors: [{ field: 'region', message: 'is not a region of the organization' }] },
  );
}

/**
 * Who may register a customer with this owner, region and key-account manager. A rep registers
 * customers they own and names no key-account manager: changing either later is their manager's.
 */
export function assertMayRegister(
  scope: AccessScope,
  customer: Ownership & { readonly keyAccountManagerId?: string | undefined },
): void {
  if (acts(scope, 'admin')) return;
  if (acts(scope, 'sales_manager')) {
    if (mayAct(scope, customer) && customer.region === scope.region) return;
    throw new CustomerError(
      CustomerErrorCode.RegionNotAllowed,
      'you may only register customers in your region',
      {
        region: customer.region,
      },
    );
  }
  if (!acts(scope, 'sales_rep') || scope.userId !== customer.ownerId) {
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
  scope: AccessScope,
  change: {
    readonly ownerId?: string | undefined;
    readonly region?: string | undefined;
    readonly keyAccountManagerId?: string | null | undefined;
  },
): void {
  if (acts(scope, 'admin')) return;
  const reassigns = change.ownerId !== undefined || change.keyAccountManagerId !== undefined;
  if (acts(scope, 'sales_manager')) {
    if (change.region === undefined || change.region === scope.region) return;
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

/**
 * Who may hand a leaving rep's customers to another: an admin between any two people of the
 * directory, a manager between two people of their own region. Each refusal names its field.
 */
export function assertMayHandOver(
  scope: AccessScope,
  handOver: { readonly fromRepId: string; readonly toRepId: string },
  directory: OrganizationDirectory,
): void {
  const admin = acts(scope, 'admin');
  const refuse = (field: 'fromRepId' | 'toRepId', message: string): never => {
    throw new CustomerError(CustomerErrorCode.HandOverRefused, `${field} ${message}`, {
      errors: [{ field, message }],
    });
  };
  const check = (field: 'fromRepId' | 'toRepId'): OrganizationPerson => {
    const person = directory.person(handOver[field]);
    if (person === undefined) return refuse(field, 'is not a person of the organization');
    if (!admin && (scope.region === undefined || person.region !== scope.region)) {
      refuse(field, 'does not work in your region');
    }
    return person;
  };
  if (!admin && !acts(scope, 'sales_manager')) {
    throw new CustomerError(
      CustomerErrorCode.OwnerNotAllowed,
      'only a manager of the region or an admin hands customers over',
    );
  }
  check('fromRepId');
  check('toRepId');
  if (handOver.toRepId === handOver.fromRepId) refuse('toRepId', 'must differ from fromRepId');
}
