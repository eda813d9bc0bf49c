import { readModelSchema } from '@crm/projections';

export const VISIT_CUSTOMERS = 'visit_customers';
export const VISIT_CUSTOMER_TIERS = 'visit_customer_tiers';

/**
 * What visits needs to know of a customer: owner and place (from crm.customers.events.v1). The name
 * reads "[erased]" once the customer is erased.
 */
export interface VisitCustomerDocument {
  _id: string;
  name: string;
  region: string;
  city?: string;
  ownerId: string;
  /** Set when the customer was merged away: it is no longer listed nor planned. */
  mergedInto?: string;
  applied: Record<string, number>;
}

/** A customer's tier history (from crm.analytics.events.v1); no document means the default tier. */
export interface CustomerTierDocument {
  _id: string;
  history: { eventId: string; tier: 'A' | 'B' | 'C'; effectiveAt: string }[];
  /** Ids of the tier events applied (redeliveries are no-ops). */
  seen: Record<string, true>;
}

export const visitCustomerSchema = readModelSchema<VisitCustomerDocument>(VISIT_CUSTOMERS);
// Serve the visit plan's scope: a rep's customers, a manager's region.
visitCustomerSchema.index({ ownerId: 1 });
visitCustomerSchema.index({ region: 1 });

export const customerTierSchema = readModelSchema<CustomerTierDocument>(VISIT_CUSTOMER_TIERS);
