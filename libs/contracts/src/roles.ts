/** Roles of docs/contracts.md, carried in the JWT `roles` claim. */
export const ROLES = [
  'sales_rep',
  'sales_manager',
  'service_agent',
  'supervisor',
  'analyst',
  'admin',
  /** Data protection: reads a customer's access export (everything held about them). */
  'data_protection_officer',
  /**
   * A machine client (a CRM consumer, the messaging gateway) that opens the sealed personal values
   * of the events it consumes through the producers' key APIs (ADR 90). Never a person's role.
   */
  'personal_data_reader',
] as const;

export type Role = (typeof ROLES)[number];
