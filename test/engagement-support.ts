import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
} from 'node:net';
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

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly data: string;
}

/** A minimal SMTP server (plain, no auth): what the e-mail channel sends arrives here. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private server: NetServer | undefined;

  async start(): Promise<number> {
    this.server = createNetServer((socket) => {
      let buffer = '';
      let inData = false;
      let from = '';
      let to: string[] = [];
      let data = '';
      socket.write('220 sink ESMTP\r\n');
      socket.on('error', () => socket.destroy());
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        for (;;) {
          if (inData) {
            const end = buffer.indexOf('\r\n.\r\n');
            if (end === -1) return;
            data += buffer.slice(0, end);
            buffer = buffer.slice(end + 5);
            inData = false;
            this.mails.push({ from, to, data });
            from = '';
            to = [];
            data = '';
            socket.write('250 queued\r\n');
            continue;
          }
          const newline = buffer.indexOf('\r\n');
          if (newline === -1) return;
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 2);
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'EHLO') socket.write('250-sink\r\n250 8BITMIME\r\n');
          else if (verb === 'MAIL') {
            from = line.slice(10).trim();
            socket.write('250 ok\r\n');
          } else if (verb === 'RCPT') {
            to.push(line.slice(8).trim());
            socket.write('250 ok\r\n');
          } else if (verb === 'DATA') {
            inData = true;
            socket.write('354 go on\r\n');
          } else if (verb === 'QUIT') socket.end('221 bye\r\n');
          else socket.write('250 ok\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
