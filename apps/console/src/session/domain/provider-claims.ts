import { ROLES, type Role } from '@crm/contracts';
import type { ConsoleUser } from './console-user';

/** How a provider's verified ID token names the user, their roles and region. */
export interface ClaimMapping {
  /** The claim holding the user's id in the CRM (the id the organization directory knows). */
  readonly userIdClaim: string;
  readonly nameClaim: string;
  /** The claim with the user's groups or roles; a dot path reaches nested ones (`realm_access.roles`). */
  readonly rolesClaim: string;
  readonly regionClaim: string;
  /**
   * The provider's group → the CRM role it grants. Empty: a value that is a CRM role's name is
   * that role. A value in neither is ignored.
   */
  readonly roleMap: Readonly<Record<string, Role>>;
}

export type ClaimsOutcome =
  | { readonly outcome: 'user'; readonly user: ConsoleUser }
  | { readonly outcome: 'no-user-id' }
  | { readonly outcome: 'no-role' };

const claimAt = (claims: Readonly<Record<string, unknown>>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      claims,
    );

/** A roles claim may be a list or one string of names separated by spaces or commas. */
const namesOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((name): name is string => typeof name === 'string')
    : typeof value === 'string'
      ? value.split(/[\s,]+/).filter(Boolean)
      : [];

const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);

/** The console user a verified ID token stands for, or why it stands for none. */
export function userFromClaims(
  claims: Readonly<Record<string, unknown>>,
  mapping: ClaimMapping,
): ClaimsOutcome {
  const userId = claimAt(claims, mapping.userIdClaim);
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 200) {
    return { outcome: 'no-user-id' };
  }
  const granted = namesOf(claimAt(claims, mapping.rolesClaim)).flatMap((name): Role[] => {
    if (Object.keys(mapping.roleMap).length > 0) {
      const role = mapping.roleMap[name];
      return role ? [role] : [];
    }
    return isRole(name) ? [name] : [];
  });
  // The machine role is never a person's, whatever a provider says.
  const roles = ROLES.filter((role) => granted.includes(role) && role !== 'personal_data_reader');
  if (roles.length === 0) return { outcome: 'no-role' };
  const name = claimAt(claims, mapping.nameClaim);
  const region = claimAt(claims, mapping.regionClaim);
  return {
    outcome: 'user',
    user: {
      userId,
      name: typeof name === 'string' && name.length > 0 ? name.slice(0, 200) : userId,
      roles,
      ...(typeof region === 'string' && region.length > 0 ? { region } : {}),
    },
  };
}

/** `group=role,group=role` (OIDC_ROLE_MAP) → the map; a role the CRM does not know is an error. */
export function parseRoleMap(text: string): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const pair of text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const [group, role, ...rest] = pair.split('=').map((part) => part.trim());
    if (!group || !role || rest.length > 0) throw new Error(`"${pair}" is not group=role`);
    if (!isRole(role)) throw new Error(`"${role}" is not a role (${ROLES.join(', ')})`);
    map[group] = role;
  }
  return map;
}
