export * from './kafka.factory';
export * from './kafka-publisher';
export * from './topics.admin';
export * from './cause-chain';
export * from './event-consumer';
export * from './asyncapi';
