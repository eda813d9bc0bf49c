/** Roles of docs/contracts.md, carried in the JWT `roles` claim. */
export const ROLES = [
  'sales_rep',
  'sales_manager',
  'service_agent',
  'supervisor',
  'analyst',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];
