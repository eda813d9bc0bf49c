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
import { testTopic } from './test-env';

/**
 * Recorded events of the producing services on a test's topics, numbered per stream as their
 * event stores would: a consumer under test reads them as it reads the services' own.
 */
export class EventRecorder {
  readonly sent: { topic: string; event: CloudEvent }[] = [];
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly producer: Producer,
    private readonly suffix: string,
  ) {}

  async emit(
    context: BoundedContext,
    name: string,
    stream: string,
    customerId: string,
    data: Record<string, unknown>,
    time = new Date().toISOString(),
    version = 1,
  ): Promise<CloudEvent> {
    const sequence = (this.versions.get(stream) ?? 0) + 1;
    this.versions.set(stream, sequence);
    const event: CloudEvent = {
      specversion: '1.0',
      id: uuidv7(),
      source: `crm/${context}`,
      type: eventTypeName(context, name, version),
      subject: stream,
      time,
      datacontenttype: 'application/json',
      sequence,
      customerid: customerId,
      correlationid: 'recorded',
      causationid: 'recorded',
      actorid: 'recorded',
      data,
    };
    // What the producers' event stores guarantee: every recorded event matches its contract.
    eventRegistry.validateData(event.type, data);
    const topic = testTopic(this.suffix, Topics[context]);
    await this.producer.send({ topic, acks: -1, messages: [toOutboundRecord(event)] });
    this.sent.push({ topic, event });
    return event;
  }

  /** Delivers every recorded event a second time, in the same order. */
  async replayAll(): Promise<void> {
    for (const { topic, event } of [...this.sent]) {
      await this.producer.send({ topic, acks: -1, messages: [toOutboundRecord(event)] });
    }
  }
}
