export * from './job-definition';
export * from './job-queues';
export * from './job-workers';
export * from './repeating-jobs';
