import { v7 as uuidv7 } from 'uuid';
import { customerRegistered, type CloudEvent } from '@crm/contracts';

/** A valid CustomerRegistered CloudEvent for a new customer, with any attribute overridden. */
export function aCustomerRegisteredEvent(overrides: Partial<CloudEvent> = {}): CloudEvent {
  const customerId = uuidv7();
  return {
    specversion: '1.0',
    id: uuidv7(),
    source: 'crm/customers',
    type: 'crm.customers.CustomerRegistered.v1',
    subject: customerId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    sequence: 1,
    customerid: customerId,
    correlationid: 'test',
    causationid: 'test',
    actorid: 'test',
    data: { ...customerRegistered.example, customerId },
    ...overrides,
  };
}
