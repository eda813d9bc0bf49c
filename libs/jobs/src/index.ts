export * from './job-definition';
export * from './job-queues';
export * from './job-workers';
