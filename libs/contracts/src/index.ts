export * from './topics';
export * from './cloud-event';
export * from './event-definition';
export * from './customers.events';
export * from './visits.events';
export * from './analytics.events';
export * from './catalogue';
export * from './roles';
