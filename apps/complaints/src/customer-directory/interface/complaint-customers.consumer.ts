import { parseEventType, Topics } from '@crm/contracts';
import { eventConsumerProvider } from '@crm/platform';
import { ComplaintCustomersProjection } from '@apps/complaints/src/customer-directory/infrastructure/complaint-customers.projection';

/**
 * The single writer of the customers complaints knows: every event of the customers' streams, so
 * that applyOnce sees each stream without gaps.
 */
export const complaintCustomersConsumer = eventConsumerProvider({
  name: 'complaint-customers',
  topics: [Topics.customers],
  handler: ComplaintCustomersProjection,
  accepts: (type) => parseEventType(type)?.context === 'customers',
  handle: (projection, event) => projection.apply(event),
});
