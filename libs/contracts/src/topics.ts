/** Kafka topics of docs/contracts.md. A `.dlq` topic beside each holds what its consumers could not process. */
export const Topics = {
  customers: 'crm.customers.events.v1',
  visits: 'crm.visits.events.v1',
  complaints: 'crm.complaints.events.v1',
  analytics: 'crm.analytics.events.v1',
  engagement: 'crm.engagement.events.v1',
} as const;

export type BoundedContext = keyof typeof Topics;
export type Topic = (typeof Topics)[BoundedContext];

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

export const eventSource = (context: BoundedContext): string => `crm/${context}`;
