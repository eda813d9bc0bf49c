export * from './test-env';
export * from './topic-tap';
export * from './running-service';
export * from './cloud-event.fixture';
export * from './job-queues.cleanup';
export * from './organization.fixture';
export * from './everything-scan';
export * from './event-recorder';
