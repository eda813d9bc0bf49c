import type { Role } from '@crm/contracts';

/** Who is calling: from a verified JWT. */
export interface Principal {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly region?: string;
}

export const hasRole = (principal: Principal, ...roles: readonly Role[]): boolean =>
  roles.some((role) => principal.roles.includes(role));
