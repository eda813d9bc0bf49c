/** DI tokens of the shared infrastructure clients. */
export const KAFKA = Symbol('KAFKA');
export const REDIS = Symbol('REDIS');
export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');
/** The event store's optional payload codec (e.g. crypto-shredding of personal fields). */
export const PAYLOAD_CODEC = Symbol('PAYLOAD_CODEC');
