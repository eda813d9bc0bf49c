import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
} from 'node:net';
import { serviceEnv } from '@crm/testing';

/**
 * The analytics service's environment for an engagement test: its own engagement job queues
 * (prefix `test-<suffix>`, like serviceEnv's JOBS_PREFIX), and no festival or public-holiday
 * greetings beside the occasions the test records.
 */
export const engagementEnv = (suffix: string, overrides: Record<string, string> = {}) =>
  serviceEnv('analytics', suffix, {
    ENGAGEMENT_JOBS_PREFIX: `test-${suffix}`,
    GREETING_FESTIVALS: 'none',
    GREETING_PUBLIC_HOLIDAYS: 'none',
    ...overrides,
  });

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
