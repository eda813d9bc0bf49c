import type { Role } from '@crm/contracts';
import type { Principal } from '../auth/principal';
import type { OrganizationDirectory } from '../organization/organization-directory';

/** Which customers a grant covers. */
export type CustomerSlice =
  | { readonly kind: 'all' }
  | { readonly kind: 'region'; readonly region: string }
  | { readonly kind: 'owner'; readonly ownerId: string };

/** What one of the caller's roles allows on one slice of customers. */
export interface AccessGrant {
  readonly role: Role;
  readonly slice: CustomerSlice;
  /** Contacts, phone, e-mail, WeChat, address and free text in clear (else masked), and searchable by name. */
  readonly clear: boolean;
  /** May change the customer and act for it: card, contacts, purchases, visits, follow-ups. */
  readonly acts: boolean;
  /** May read the customer's event stream (audit). */
  readonly history: boolean;
}

/**
 * What a caller may see and do: the union of what each of their roles allows, never more. A
 * customer is visible when one grant covers it, and shown in clear, changeable or auditable only
 * when a grant covering *that* customer says so: [sales_rep, analyst] sees its own customers in
 * clear and the others masked.
 */
export interface AccessScope {
  readonly userId: string;
  /** The region the caller works in (the directory's, else the token's); none for most roles. */
  readonly region: string | undefined;
  readonly grants: readonly AccessGrant[];
}

/** The two facts about a customer every access rule looks at. */
export interface CustomerRef {
  readonly ownerId: string;
  readonly region: string;
}

const ALL: CustomerSlice = { kind: 'all' };

/**
 * D1, strict control of customer intelligence, as one table:
 * - a sales rep: their own customers (owner), in clear, may act;
 * - a sales manager: their region, in clear, may act and audit; with no region, nothing;
 * - a service agent or supervisor: any customer, in clear and read only: a complaint may come
 *   from any customer and its handling needs the contact's name and phone;
 * - an analyst: any customer, masked (figures, not people), read only;
 * - an admin: everything;
 * - a data-protection officer or a personal-data reader: nothing here, their own routes only.
 */
function grantsOf(role: Role, principal: Principal, region: string | undefined): AccessGrant[] {
  switch (role) {
    case 'sales_rep':
      return [
        {
          role,
          slice: { kind: 'owner', ownerId: principal.userId },
          clear: true,
          acts: true,
          history: false,
        },
      ];
    case 'sales_manager':
      return region === undefined
        ? []
        : [{ role, slice: { kind: 'region', region }, clear: true, acts: true, history: true }];
    case 'service_agent':
    case 'supervisor':
      return [{ role, slice: ALL, clear: true, acts: false, history: false }];
    case 'analyst':
      return [{ role, slice: ALL, clear: false, acts: false, history: false }];
    case 'admin':
      return [{ role, slice: ALL, clear: true, acts: true, history: true }];
    // Roles of their own APIs (the access export, the sealed-value keys): no customer reads here.
    case 'data_protection_officer':
    case 'personal_data_reader':
      return [];
  }
}

/**
 * The caller's scope. The directory is the truth about where a person works: for someone it lists,
 * its region replaces the token's `region` claim (a listed manager without a region sees nothing);
 * for someone it does not list, the claim of the verified token stands.
 */
export function scopeOf(principal: Principal, directory: OrganizationDirectory): AccessScope {
  const person = directory.person(principal.userId);
  const region = person ? person.region : principal.region;
  return {
    userId: principal.userId,
    region,
    grants: principal.roles.flatMap((role) => grantsOf(role, principal, region)),
  };
}

const covers = (slice: CustomerSlice, customer: CustomerRef | undefined): boolean => {
  switch (slice.kind) {
    case 'all':
      return true;
    case 'region':
      return customer?.region === slice.region;
    case 'owner':
      return customer?.ownerId === slice.ownerId;
  }
};

/**
 * Whether a grant with this property covers the customer. A customer whose owner and region are
 * not known yet (a read model that has not seen its registration) is covered by `all` only.
 */
const allows = (
  scope: AccessScope,
  customer: CustomerRef | undefined,
  property?: 'clear' | 'acts' | 'history',
): boolean =>
  scope.grants.some(
    (grant) => (property === undefined || grant[property]) && covers(grant.slice, customer),
  );

export const mayRead = (scope: AccessScope, customer: CustomerRef | undefined): boolean =>
  allows(scope, customer);
export const seesClear = (scope: AccessScope, customer: CustomerRef | undefined): boolean =>
  allows(scope, customer, 'clear');
export const mayAct = (scope: AccessScope, customer: CustomerRef | undefined): boolean =>
  allows(scope, customer, 'acts');
export const mayReadHistory = (scope: AccessScope, customer: CustomerRef | undefined): boolean =>
  allows(scope, customer, 'history');

/**
 * Whether some of what the caller reads is shown masked (an analyst, or a role combined with one):
 * their reads of lists are audited, so a pattern of searches stays accountable.
 */
export const readsMasked = (scope: AccessScope): boolean =>
  scope.grants.some((grant) => !grant.clear);

/** A personal value as a masked read shows it: a hint (its last characters) to tell entries apart. */
export const maskValue = (value: string): string => `***${value.length > 6 ? value.slice(-2) : ''}`;

/** Whether the scope reaches every customer for this purpose (no filter needed). */
export const coversAll = (scope: AccessScope, property?: 'clear' | 'acts' | 'history'): boolean =>
  scope.grants.some(
    (grant) => grant.slice.kind === 'all' && (property === undefined || grant[property]),
  );

/** Where a read model keeps the two facts (e.g. `profile.region`). */
export interface SliceFields {
  readonly ownerId: string;
  readonly region: string;
}

/**
 * The scope as a MongoDB filter over a read model, so a list or aggregate only ever reads what the
 * caller may see: `{}` for everything, `null` for nothing (return an empty result without a query).
 * `property` narrows to the grants that show in clear (name search: no oracle on masked names),
 * act, or audit.
 */
export function sliceFilter(
  scope: AccessScope,
  fields: SliceFields = { ownerId: 'ownerId', region: 'region' },
  property?: 'clear' | 'acts' | 'history',
): Record<string, unknown> | null {
  const grants = scope.grants.filter((grant) => property === undefined || grant[property]);
  if (grants.some((grant) => grant.slice.kind === 'all')) return {};
  const conditions = [
    ...new Map(
      grants.map((grant): [string, Record<string, string>] => {
        const slice = grant.slice as Exclude<CustomerSlice, { kind: 'all' }>;
        return slice.kind === 'region'
          ? [`r:${slice.region}`, { [fields.region]: slice.region }]
          : [`o:${slice.ownerId}`, { [fields.ownerId]: slice.ownerId }];
      }),
    ).values(),
  ];
  if (conditions.length === 0) return null;
  return conditions.length === 1 ? conditions[0]! : { $or: conditions };
}
