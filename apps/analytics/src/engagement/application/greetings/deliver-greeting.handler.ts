import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobContext } from '@crm/jobs';
import type { CommandMetadata } from '@crm/event-store';
import {
  foldGreeting,
  type GreetingIdentity,
} from '@apps/analytics/src/engagement/domain/greeting.decider';
import { EngagementDirectory } from '@apps/analytics/src/engagement/infrastructure/engagement-directory';
import { GreetingClaims } from '@apps/analytics/src/engagement/infrastructure/greeting-claims';
import type { GreetingJobPayload } from '../engagement-jobs';
import {
  ENGAGEMENT_CONFLICT_RETRIES,
  EngagementStreams,
  GREETING_HANDLER,
  type GreetingCommandHandler,
} from '../engagement-streams';
import { GREETING_CHANNELS, type GreetingChannelAdapter } from './greeting-channel';
import { CLOCK, type Clock } from '@crm/platform';

export const DELIVERY_ACTOR = 'system:engagement-delivery';

export type DeliveryOutcome =
  'sent' | 'not-pending' | 'moved' | 'claimed-elsewhere' | 'already-sent';

/**
 * Runs when a greeting's job fires: re-checks the stream (cancelled or moved greetings are not
 * sent), claims the occasion (unique insert), delivers through the channel, records GreetingSent.
 * A failure is retried by the job with backoff; the last attempt's failure records GreetingFailed
 * and leaves the job failed (the dead-letter state on the dashboard).
 */
@Injectable()
export class DeliverGreetingHandler {
  private readonly logger = new Logger('DeliverGreeting');

  constructor(
    private readonly streams: EngagementStreams,
    @Inject(GREETING_HANDLER) private readonly greetings: GreetingCommandHandler,
    private readonly claims: GreetingClaims,
    private readonly directory: EngagementDirectory,
    @Inject(GREETING_CHANNELS) private readonly channels: readonly GreetingChannelAdapter[],
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    job: GreetingJobPayload,
    context: JobContext & { readonly attempts: number },
    now: () => Date = () => this.clock.now(),
  ): Promise<DeliveryOutcome> {
    const { events } = await this.streams.load(job.greetingId);
    const state = foldGreeting(events);
    if (state.status === 'sent') return 'already-sent';
    if (state.status !== 'scheduled') return 'not-pending';
    // A job that already holds the occasion finishes it even if the greeting moved meanwhile
    // (its retry or recovery after a crash): otherwise nobody could, and it would be lost.
    const held = await this.claims.find(job.greetingId);
    const moved = state.scheduledFor !== job.scheduledFor || state.channel !== job.channel;
    if (!held && moved) return 'moved';
    const claim = held?.sentAt
      ? 'already-sent'
      : held && held.holder !== context.jobId
        ? 'taken'
        : await this.claims.claim(job.greetingId, context.jobId, now());
    if (claim === 'taken') return 'claimed-elsewhere';

    const identity = {
      greetingId: job.greetingId,
      customerId: job.customerId,
      contactId: job.contactId,
      occasion: job.occasion,
      year: job.year,
    };
    const metadata = {
      actorId: DELIVERY_ACTOR,
      correlationId: context.jobId,
      causationId: context.jobId,
    };
    // Delivered before a crash kept it from being recorded: record it now, do not send again.
    if (claim === 'mine') await this.send(job, identity, metadata, context, now);
    await this.greetings.handle(
      job.greetingId,
      () => ({
        kind: 'record-sent',
        channel: job.channel,
        attempts: context.attempt,
        now: now(),
        identity,
      }),
      { ...metadata, idempotencyKey: `greeting-sent:${job.greetingId}` },
      { retries: ENGAGEMENT_CONFLICT_RETRIES },
    );
    return 'sent';
  }

  private async send(
    job: GreetingJobPayload,
    identity: GreetingIdentity,
    metadata: CommandMetadata,
    context: JobContext & { readonly attempts: number },
    now: () => Date,
  ): Promise<void> {
    try {
      const contact = await this.directory.contact(job.contactId);
      await this.adapterFor(job.channel).deliver({
        ...identity,
        contactName: contact?.name ?? '',
        ...(contact?.email ? { email: contact.email } : {}),
        channel: job.channel,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (context.attempt >= context.attempts) {
        await this.greetings.handle(
          job.greetingId,
          () => ({
            kind: 'record-failed',
            channel: job.channel,
            attempts: context.attempt,
            error: message,
            now: now(),
            identity,
          }),
          { ...metadata, idempotencyKey: `greeting-failed:${job.greetingId}` },
          { retries: ENGAGEMENT_CONFLICT_RETRIES },
        );
        this.logger.warn({
          greetingId: job.greetingId,
          err: message,
          msg: 'greeting dead-lettered',
        });
      }
      throw error;
    }
    await this.claims.markSent(job.greetingId, context.jobId, now());
  }

  private adapterFor(channel: GreetingJobPayload['channel']): GreetingChannelAdapter {
    const adapter = this.channels.find((candidate) => candidate.channel === channel);
    if (!adapter) throw new Error(`no adapter for channel ${channel}`);
    return adapter;
  }
}
