import { readModelSchema } from '@crm/projections';

export const COMPLAINT_CUSTOMERS = 'complaint_customers';

/**
 * What complaints knows of a customer (from crm.customers.events.v1): that it exists and whether it
 * still takes complaints. No name or other personal data: nothing here needs erasing.
 */
export interface ComplaintCustomerDocument {
  /** The customer id (its stream on the customers topic). */
  _id: string;
  /** Unset until the stream's CustomerRegistered is applied. */
  status?: 'active' | 'merged' | 'erased';
  /** Set when merged away: where its complaints are recorded instead. */
  survivorId?: string;
  /** Last version applied per stream (applyOnce). */
  applied: Record<string, number>;
}

// Only looked up by _id (POST /complaints), which FerretDB serves with _id's index and its GIN twin
// (ADR 62): no further index.
export const complaintCustomerSchema =
  readModelSchema<ComplaintCustomerDocument>(COMPLAINT_CUSTOMERS);
