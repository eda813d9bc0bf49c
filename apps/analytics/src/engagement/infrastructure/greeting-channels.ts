import { createTransport, type Transporter } from 'nodemailer';
import type { EngagementChannel } from '@crm/contracts';
import type {
  GreetingChannelAdapter,
  GreetingMessage,
} from '@apps/analytics/src/engagement/application/greetings/greeting-channel';

export class GreetingDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GreetingDeliveryError';
  }
}

/**
 * POSTs the greeting as JSON. `Idempotency-Key` is the greeting id, so a receiver can drop the
 * repeat that at-least-once delivery makes possible when a process dies after the POST.
 */
export class WebhookChannel implements GreetingChannelAdapter {
  readonly channel = 'webhook' as const;

  constructor(
    private readonly settings: { url: string | undefined; timeoutMs: number; instanceId: string },
  ) {}

  async deliver(message: GreetingMessage): Promise<void> {
    if (!this.settings.url) throw new GreetingDeliveryError('GREETING_WEBHOOK_URL is not set');
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.greetingId,
        'x-crm-instance': this.settings.instanceId,
      },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    if (!response.ok) {
      throw new GreetingDeliveryError(`HTTP ${response.status} from the greeting webhook`);
    }
  }
}

/**
 * Tier A: the greeting is a personal call or gift by the manager. Delivery is the task itself,
 * published as GreetingSent with channel `task` on the engagement topic for the owner's to-do list.
 */
export class TaskChannel implements GreetingChannelAdapter {
  readonly channel = 'task' as const;

  async deliver(): Promise<void> {}
}

/** Channels without an adapter in this deployment fail, so the greeting is dead-lettered visibly. */
export class MissingChannel implements GreetingChannelAdapter {
  constructor(readonly channel: EngagementChannel) {}

  deliver(): Promise<void> {
    return Promise.reject(new GreetingDeliveryError(`no adapter for channel ${this.channel}`));
  }
}

const SUBJECTS: Record<GreetingMessage['occasion'], string> = {
  birthday: 'Happy birthday',
  anniversary: 'Congratulations on your anniversary',
  spring_festival: 'Happy Spring Festival',
  dragon_boat: 'Happy Dragon Boat Festival',
  mid_autumn: 'Happy Mid-Autumn Festival',
  public_holiday: 'Season’s greetings',
  customer_event: 'Congratulations',
  condolence: 'With our sympathy',
};

/** E-mail over SMTP (nodemailer). A contact without an address cannot be greeted this way. */
export class EmailChannel implements GreetingChannelAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter | undefined;

  constructor(
    private readonly settings: { url: string | undefined; from: string; timeoutMs: number },
  ) {
    this.transport = settings.url
      ? createTransport({
          url: settings.url,
          connectionTimeout: settings.timeoutMs,
          greetingTimeout: settings.timeoutMs,
          socketTimeout: settings.timeoutMs,
        })
      : undefined;
  }

  async deliver(message: GreetingMessage): Promise<void> {
    if (!this.transport) throw new GreetingDeliveryError('GREETING_SMTP_URL is not set');
    if (!message.email)
      throw new GreetingDeliveryError(`contact ${message.contactId} has no e-mail address`);
    const subject = SUBJECTS[message.occasion];
    await this.transport.sendMail({
      from: this.settings.from,
      to: message.email,
      subject,
      text: `Dear ${message.contactName},\n\n${subject}!\n`,
      // Lets the mail system drop a repeat after a crash between sending and recording it.
      messageId: `<${message.greetingId}@crm.greetings>`,
    });
  }

  close(): void {
    this.transport?.close();
  }
}
