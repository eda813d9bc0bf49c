import type { EngagementChannel, GreetingOccasion } from '@crm/contracts';

/** What a channel adapter is given to deliver. */
export interface GreetingMessage {
  readonly greetingId: string;
  readonly customerId: string;
  readonly contactId: string;
  readonly contactName: string;
  readonly email?: string;
  readonly occasion: GreetingOccasion;
  readonly year: number;
  readonly channel: EngagementChannel;
}

/** Delivers a greeting or throws; the job retries with backoff and dead-letters after its attempts. */
export interface GreetingChannelAdapter {
  readonly channel: EngagementChannel;
  deliver(message: GreetingMessage): Promise<void>;
}

export const GREETING_CHANNELS = Symbol('GREETING_CHANNELS');
