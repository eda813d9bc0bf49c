export * from './stored-event';
export * from './event-store.errors';
export * from './mongo-event-store';
export * from './outbox-relay';
export * from './cloud-event.mapper';
export * from './apply-once';
export * from './payload-codec';
export * from './crypto-shredding.codec';
