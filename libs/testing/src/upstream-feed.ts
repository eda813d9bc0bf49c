import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import {
  eventRegistry,
  eventTypeName,
  Topics,
  type BoundedContext,
  type CloudEvent,
} from '@crm/contracts';
import { toOutboundRecord } from '@crm/event-store';
import { testKafka, testTopic } from './test-env';

export interface UpstreamEventOptions {
  /** When it happened; now by default. */
  readonly time?: string;
  readonly version?: number;
  /** Its correlation, causation and actor. */
  readonly origin?: string;
}

/** An event of another context's stream, as that context's event store records and publishes it. */
export function anUpstreamEvent(
  context: BoundedContext,
  name: string,
  subject: string,
  sequence: number,
  customerId: string,
  data: Record<string, unknown>,
  { time = new Date().toISOString(), version = 1, origin = 'test' }: UpstreamEventOptions = {},
): CloudEvent {
  return {
    specversion: '1.0',
    id: uuidv7(),
    source: `crm/${context}`,
    type: eventTypeName(context, name, version),
    subject,
    time,
    datacontenttype: 'application/json',
    sequence,
    customerid: customerId,
    correlationid: origin,
    causationid: origin,
    actorid: origin,
    data,
  };
}

/**
 * Publishes other contexts' events to the topics of the services started with `suffix`, numbered
 * gap-free per stream as their event stores would; `validate` checks each against its contract.
 */
export class UpstreamFeed {
  readonly sent: { topic: string; event: CloudEvent }[] = [];
  private readonly producer: Producer;
  private readonly sequences = new Map<string, number>();

  constructor(
    private readonly suffix: string,
    private readonly options: { origin?: string; validate?: boolean } = {},
  ) {
    this.producer = testKafka(`upstream-feed-${suffix}`).producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Appends to a stream of another context and publishes the event. */
  async publish(
    context: BoundedContext,
    name: string,
    subject: string,
    customerId: string,
    data: Record<string, unknown>,
    options: Omit<UpstreamEventOptions, 'origin'> = {},
  ): Promise<CloudEvent> {
    const sequence = (this.sequences.get(subject) ?? 0) + 1;
    this.sequences.set(subject, sequence);
    const origin = this.options.origin ?? 'test';
    const event = anUpstreamEvent(context, name, subject, sequence, customerId, data, {
      ...options,
      origin,
    });
    if (this.options.validate) eventRegistry.validateData(event.type, data);
    const topic = testTopic(this.suffix, Topics[context]);
    await this.send(topic, event);
    this.sent.push({ topic, event });
    return event;
  }

  /**
   * Registers a customer as the customers service would (its stream's first event), for a service
   * that refuses to act for customers it has not heard of.
   */
  registerCustomer(customerId: string, data: Record<string, unknown> = {}): Promise<CloudEvent> {
    return this.publish('customers', 'CustomerRegistered', customerId, customerId, {
      customerId,
      name: '杭州莲花贸易有限公司',
      nature: 'ordinary_company',
      region: 'east',
      ownerId: 'rep-1',
      registeredAt: new Date().toISOString(),
      ...data,
    });
  }

  /**
   * Merges a duplicate into a survivor as the customers service would (CustomerMerged version 1):
   * on the duplicate's stream, then on the survivor's with what it carries (nothing unless given).
   */
  async mergeCustomers(
    duplicateId: string,
    survivorId: string,
    carried: Record<string, unknown> = {},
  ): Promise<void> {
    const merged = { duplicateId, survivorId, mergedAt: new Date().toISOString() };
    await this.publish('customers', 'CustomerMerged', duplicateId, duplicateId, {
      ...merged,
      customerId: duplicateId,
      role: 'duplicate',
    });
    await this.publish('customers', 'CustomerMerged', survivorId, survivorId, {
      ...merged,
      customerId: survivorId,
      role: 'survivor',
      carried: {
        purchases: [],
        revenue: 0,
        pointsBalance: 0,
        pointsUsed: 0,
        contacts: [],
        ...carried,
      },
    });
  }

  /** Delivers every published event a second time, in the same order. */
  async replayAll(): Promise<void> {
    for (const { topic, event } of [...this.sent]) await this.send(topic, event);
  }

  private async send(topic: string, event: CloudEvent): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages: [toOutboundRecord(event)] });
  }
}
