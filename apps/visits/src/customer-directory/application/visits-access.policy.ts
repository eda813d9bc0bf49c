import { hasRole, type Principal } from '@crm/platform';

/** Visits and opportunities are readable by the owner rep, their manager (region) and admins only. */
export function mayAccess(
  principal: Principal,
  record: { readonly repId: string; readonly region: string },
): boolean {
  if (hasRole(principal, 'admin')) return true;
  if (hasRole(principal, 'sales_manager') && principal.region === record.region) return true;
  return hasRole(principal, 'sales_rep') && principal.userId === record.repId;
}

/** The slice of customers (and their records) a caller may list; null when they may see none. */
export function scopeOf(principal: Principal): { ownerId?: string; region?: string } | null {
  if (hasRole(principal, 'admin')) return {};
  if (hasRole(principal, 'sales_manager') && principal.region) return { region: principal.region };
  if (hasRole(principal, 'sales_rep')) return { ownerId: principal.userId };
  return null;
}
