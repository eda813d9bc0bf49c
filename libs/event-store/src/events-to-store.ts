import type { BoundedContext, EventRegistry } from '@crm/contracts';
import type { AppendMetadata, NewEvent, StoredEvent } from './stored-event';

/** What turns an append's events into stored ones: the service's catalogue and its event ids. */
export interface StoredEventSource {
  readonly context: BoundedContext;
  readonly registry: EventRegistry;
  readonly newId: () => string;
}

/**
 * The events of one append as a store keeps them, in both stores alike: each validated against
 * the catalogue at its current schema version, numbered after `expectedVersion`, and stamped with
 * the append's metadata and business time.
 */
export function eventsToStore(
  source: StoredEventSource,
  stream: string,
  expectedVersion: number,
  events: readonly NewEvent[],
  metadata: AppendMetadata,
  occurredAt: string,
): StoredEvent[] {
  const { registry, context } = source;
  return events.map((event, index) => {
    const definition = registry.current(context, event.type);
    const type = registry.typeOf(context, event.type);
    return {
      id: source.newId(),
      stream,
      sequence: expectedVersion + index + 1,
      type: event.type,
      schemaVersion: definition.version,
      data: registry.validateData(type, event.data),
      occurredAt,
      ...(metadata.customerId === undefined ? {} : { customerId: metadata.customerId }),
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      actorId: metadata.actorId,
    };
  });
}
