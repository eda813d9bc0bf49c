import { customerPersonalFields } from '@crm/contracts';
import { serviceDataCodec } from '@crm/platform';

/** The collection of the customers' data keys (one per customer; ADR 11). */
export const CUSTOMER_DATA_KEYS = 'customer_data_keys';

/**
 * Crypto-shredding of the customers' events: the personal fields listed next to the contracts
 * (customerPersonalFields) are sealed with the customer's own data key when appended; erasing a
 * customer deletes its key.
 */
export class CustomerDataCodec extends serviceDataCodec({
  context: 'customers',
  collection: CUSTOMER_DATA_KEYS,
  fields: customerPersonalFields,
}) {}
