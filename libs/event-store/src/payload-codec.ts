import type { StoredEvent } from './stored-event';

/**
 * Transforms event payloads on their way into and out of the store: e.g. encrypts personal fields
 * at append time and decrypts (or redacts) them on load and before publication. Optional: a store
 * without a codec keeps payloads as they are. Works on batches so a codec can fetch its keys once.
 */
export interface PayloadCodec {
  /** The events as they are to be stored (called after validation, before the insert). */
  encode(events: readonly StoredEvent[]): Promise<StoredEvent[]>;
  /** The events as the domain and the public contract see them (load, replay, publication). */
  decode(events: readonly StoredEvent[]): Promise<StoredEvent[]>;
  /**
   * The events as they are published, when that differs from `decode`: a sealing codec publishes
   * personal values still sealed (ADR 90). Without it the relay publishes the decoded events.
   */
  wire?(events: readonly StoredEvent[]): Promise<StoredEvent[]>;
}
