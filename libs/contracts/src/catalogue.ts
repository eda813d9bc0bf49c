import { cloudEventSchema } from './cloud-event';
import { EventRegistry, type EventDefinition } from './event-definition';
import {
  complaintEventDefinitions,
  supersededComplaintEventDefinitions,
} from './complaints.events';
import { analyticsEventDefinitions } from './analytics.events';
import { customerEventDefinitions, supersededCustomerEventDefinitions } from './customers.events';
import {
  engagementEventDefinitions,
  supersededEngagementEventDefinitions,
} from './engagement.events';
import {
  opportunityEventDefinitions,
  supersededVisitEventDefinitions,
  visitEventDefinitions,
} from './visits.events';

/** Every event the system publishes. The AsyncAPI document is generated from this list. */
export const allEventDefinitions: readonly EventDefinition[] = [
  ...customerEventDefinitions,
  ...supersededCustomerEventDefinitions,
  ...complaintEventDefinitions,
  ...supersededComplaintEventDefinitions,
  ...visitEventDefinitions,
  ...opportunityEventDefinitions,
  ...supersededVisitEventDefinitions,
  ...analyticsEventDefinitions,
  ...engagementEventDefinitions,
  ...supersededEngagementEventDefinitions,
];

export const eventRegistry = new EventRegistry(allEventDefinitions);

export const parseCloudEvent = (value: unknown) =>
  eventRegistry.validateCloudEvent(value, cloudEventSchema);
