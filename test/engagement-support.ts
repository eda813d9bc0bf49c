import { Kafka, logLevel, type Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { toOutboundRecord } from '@crm/event-store';
import type { CloudEvent } from '@crm/contracts';
import { startService, type RunningService } from '@crm/testing';
import { AnalyticsAppModule } from '@apps/analytics/src/analytics-app.module';
import { loadAnalyticsConfig } from '@apps/analytics/src/analytics.config';

/** Publishes other contexts' events as their services would: CloudEvents keyed by customer. */
export class EventFeed {
  private readonly producer: Producer;
  private readonly sequences = new Map<string, number>();

  constructor() {
    this.producer = new Kafka({
      clientId: 'engagement-test-feed',
      brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','),
      logLevel: logLevel.NOTHING,
    }).producer();
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Appends to a stream of another context: gap-free sequence per subject. */
  async publish(
    topic: string,
    context: string,
    name: string,
    subject: string,
    customerId: string,
    data: Record<string, unknown>,
  ): Promise<CloudEvent> {
    const sequence = (this.sequences.get(subject) ?? 0) + 1;
    this.sequences.set(subject, sequence);
    const event: CloudEvent = {
      specversion: '1.0',
      id: uuidv7(),
      source: `crm/${context}`,
      type: `crm.${context}.${name}.v1`,
      subject,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      sequence,
      customerid: customerId,
      correlationid: 'engagement-test',
      causationid: 'engagement-test',
      actorid: 'engagement-test',
      data,
    };
    const record = toOutboundRecord(event);
    await this.producer.send({
      topic,
      messages: [{ key: record.key, value: record.value, headers: record.headers }],
    });
    return event;
  }
}

export const startAnalytics = (env: Record<string, string>): Promise<RunningService> => {
  const config = loadAnalyticsConfig(env);
  return startService(AnalyticsAppModule.with(config), config, 'analytics');
};
