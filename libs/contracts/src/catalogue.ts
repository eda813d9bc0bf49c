import { cloudEventSchema } from './cloud-event';
import { EventRegistry, type EventDefinition } from './event-definition';
import { complaintEventDefinitions } from './complaints.events';
import { analyticsEventDefinitions } from './analytics.events';
import { customerEventDefinitions, supersededCustomerEventDefinitions } from './customers.events';
import { engagementEventDefinitions } from './engagement.events';
import { opportunityEventDefinitions, visitEventDefinitions } from './visits.events';

/** Every event the system publishes. The AsyncAPI document is generated from this list. */
export const allEventDefinitions: readonly EventDefinition[] = [
  ...customerEventDefinitions,
  ...supersededCustomerEventDefinitions,
  ...complaintEventDefinitions,
  ...visitEventDefinitions,
  ...opportunityEventDefinitions,
  ...analyticsEventDefinitions,
  ...engagementEventDefinitions,
];

export const eventRegistry = new EventRegistry(allEventDefinitions);

export const parseCloudEvent = (value: unknown) =>
  eventRegistry.validateCloudEvent(value, cloudEventSchema);
