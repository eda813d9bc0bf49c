import { eventSource, eventTypeName, type BoundedContext, type CloudEvent } from '@crm/contracts';
import type { StoredEvent } from './stored-event';

/** The one place where a stored domain event becomes the public CloudEvent (docs/contracts.md). */
export function toCloudEvent(context: BoundedContext, event: StoredEvent): CloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    source: eventSource(context),
    type: eventTypeName(context, event.type, event.schemaVersion),
    subject: event.stream,
    time: event.occurredAt,
    datacontenttype: 'application/json',
    sequence: event.sequence,
    ...(event.customerId === undefined ? {} : { customerid: event.customerId }),
    correlationid: event.correlationId,
    causationid: event.causationId,
    actorid: event.actorId,
    data: event.data,
  };
}

/** A Kafka record ready to send: keyed by customer so one customer's events stay in order. */
export interface OutboundRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** `trace`: the W3C trace context the event was appended in, carried as record headers. */
export function toOutboundRecord(
  event: CloudEvent,
  trace: {
    readonly traceparent?: string | undefined;
    readonly tracestate?: string | undefined;
  } = {},
): OutboundRecord {
  return {
    key: event.customerid ?? event.subject,
    value: JSON.stringify(event),
    headers: {
      ce_type: event.type,
      ce_id: event.id,
      ce_source: event.source,
      ...(trace.traceparent ? { traceparent: trace.traceparent } : {}),
      ...(trace.tracestate ? { tracestate: trace.tracestate } : {}),
    },
  };
}
