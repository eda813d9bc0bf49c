import { v7 as uuidv7 } from 'uuid';
import { customerRegistered, type CloudEvent } from '@crm/contracts';
import { anUpstreamEvent } from './upstream-feed';

/** A valid CustomerRegistered CloudEvent for a new customer, with any attribute overridden. */
export function aCustomerRegisteredEvent(overrides: Partial<CloudEvent> = {}): CloudEvent {
  const customerId = uuidv7();
  return {
    ...anUpstreamEvent('customers', 'CustomerRegistered', customerId, 1, customerId, {
      ...customerRegistered.example,
      customerId,
    }),
    ...overrides,
  };
}
