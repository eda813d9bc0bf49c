import { visitPersonalFields } from '@crm/contracts';
import { serviceDataCodec } from '@crm/platform';

/** The visits service's per-customer data keys (ADR 110). */
export const VISIT_DATA_KEYS = 'visit_data_keys';

/**
 * Seals the free text of visit and opportunity events (purpose, outcome, reasons, titles) with a
 * key of the visited customer; customerErasureConsumer deletes that key on CustomerErased.
 */
export class VisitDataCodec extends serviceDataCodec({
  context: 'visits',
  collection: VISIT_DATA_KEYS,
  fields: visitPersonalFields,
}) {}
