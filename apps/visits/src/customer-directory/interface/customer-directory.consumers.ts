import { Injectable } from '@nestjs/common';
import {
  customerErased,
  customerMerged,
  customerRegistered,
  customerTierChanged,
  parseEventType,
  Topics,
} from '@crm/contracts';
import { EventConsumers } from '@crm/platform';
import { CustomerDirectoryProjection } from '@apps/visits/src/customer-directory/infrastructure/customer-directory.projection';

/** The customers' events the directory follows: where a customer is, who owns it, and its end. */
const CUSTOMER_EVENTS_READ = [
  customerRegistered.name,
  'CustomerProfileUpdated',
  'CustomerOwnerAssigned',
  customerErased.name,
  customerMerged.name,
];

const readsType =
  (context: string, names: readonly string[]) =>
  (type: string): boolean => {
    const parsed = parseEventType(type);
    return parsed?.context === context && names.includes(parsed.name);
  };

/**
 * One consumer group per topic, so each read-model collection has a single writer per customer:
 * the member holding that customer's partition of that topic.
 */
@Injectable()
export class CustomerDirectoryConsumers {
  constructor(consumers: EventConsumers, projection: CustomerDirectoryProjection) {
    consumers.create({
      name: 'customer-directory',
      topics: [Topics.customers],
      accepts: readsType('customers', CUSTOMER_EVENTS_READ),
      handle: (event) => projection.applyCustomerEvent(event),
    });
    consumers.create({
      name: 'customer-tiers',
      topics: [Topics.analytics],
      accepts: readsType('analytics', [customerTierChanged.name]),
      handle: (event) => projection.applyAnalyticsEvent(event),
    });
  }
}
