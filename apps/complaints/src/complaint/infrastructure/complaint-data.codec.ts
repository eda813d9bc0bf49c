import { complaintPersonalFields } from '@crm/contracts';
import { serviceDataCodec } from '@crm/platform';

/** The complaints' per-customer data keys (ADR 11: crypto-shredding; ADR 110). */
export const COMPLAINT_DATA_KEYS = 'complaint_data_keys';

/**
 * Seals the customer's words, the contact and the staff's free text of complaint events with a key
 * of the customer the complaint is about; that key is deleted when the customers service publishes
 * CustomerErased (customerErasureConsumer): the complaints stay (status, deadlines, scores), the
 * personal data does not.
 */
export class ComplaintDataCodec extends serviceDataCodec({
  context: 'complaints',
  collection: COMPLAINT_DATA_KEYS,
  fields: complaintPersonalFields,
}) {}
