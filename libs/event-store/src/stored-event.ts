/** An event as the event store keeps it: the domain event plus the metadata of the append. */
export interface StoredEvent {
  readonly id: string;
  readonly stream: string;
  /** Version of the event within its stream: 1, 2, 3, ... gap-free. */
  readonly sequence: number;
  /** Domain event name, e.g. `CustomerRegistered`. */
  readonly type: string;
  /** Schema version of `data`. */
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly occurredAt: string;
  readonly customerId?: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actorId: string;
}

export interface NewEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Who did it and why: the same for every event of one append. */
export interface AppendMetadata {
  readonly actorId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly customerId?: string;
  /** Business time of the events; defaults to the store's clock. */
  readonly occurredAt?: Date;
  /** Makes the append itself idempotent: a second append with the same key returns the first. */
  readonly idempotencyKey?: string;
}

export interface AppendResult {
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly events: readonly StoredEvent[];
  /** True when the idempotency key had been used: nothing new was written. */
  readonly replayed: boolean;
}

export interface LoadedStream {
  readonly stream: string;
  readonly version: number;
  readonly events: readonly StoredEvent[];
}
