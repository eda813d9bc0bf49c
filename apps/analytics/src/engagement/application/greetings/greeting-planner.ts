import { Inject, Injectable } from '@nestjs/common';
import type { JobQueues } from '@crm/jobs';
import { CLOCK, type Clock, APP_CONFIG } from '@crm/platform';
import type { EngagementChannel } from '@crm/contracts';
import {
  greetingIdOf,
  greetingStreamPrefix,
  plannedGreetings,
  type GreetingOccurrence,
} from '@apps/analytics/src/engagement/domain/greeting-calendar';
import {
  isOneOff,
  oneOffGreeting,
  type OneOffOccasion,
} from '@apps/analytics/src/engagement/domain/one-off-occasion';
import {
  EngagementError,
  EngagementErrorCode,
} from '@apps/analytics/src/engagement/domain/engagement.errors';
import {
  initialGreeting,
  type GreetingCommand,
  type GreetingIdentity,
} from '@apps/analytics/src/engagement/domain/greeting.decider';
import {
  greetingPolicyOf,
  type EngagementConfig,
  type GreetingPolicy,
} from '@apps/analytics/src/engagement/engagement.config';
import { EngagementDirectory } from '@apps/analytics/src/engagement/infrastructure/engagement-directory';
import { ENGAGEMENT_JOB_QUEUES, EngagementJobs, greetingJobId } from '../engagement-jobs';
import {
  ENGAGEMENT_CONFLICT_RETRIES,
  EngagementStreams,
  GREETING_HANDLER,
  type GreetingCommandHandler,
} from '../engagement-streams';

export const PLANNER_ACTOR = 'system:engagement-greetings';

/** Why planning happened: the event (or sweep) that caused it, for tracing. */
export interface PlanningCause {
  readonly correlationId: string;
  readonly causationId: string;
}

/**
 * Keeps a contact's greeting streams and delayed jobs in line with the contact: one pending
 * greeting per occasion (its next occurrence), moved when a date changes, cancelled when the date,
 * the contact or its consent goes. Convergent: the consumer, the tier change and the sweep may all
 * call it, on any instance; appends are guarded by stream versions, jobs by deterministic ids.
 */
@Injectable()
export class GreetingPlanner {
  private readonly policy: GreetingPolicy;

  constructor(
    @Inject(APP_CONFIG) config: EngagementConfig,
    @Inject(ENGAGEMENT_JOB_QUEUES) private readonly queues: JobQueues,
    private readonly jobs: EngagementJobs,
    private readonly streams: EngagementStreams,
    @Inject(GREETING_HANDLER) private readonly greetings: GreetingCommandHandler,
    private readonly directory: EngagementDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.policy = greetingPolicyOf(config);
  }

  async planContact(
    contactId: string,
    cause: PlanningCause,
    now = this.clock.now(),
  ): Promise<void> {
    const contact = await this.directory.contact(contactId);
    if (!contact) return;
    const timeZone = contact.timeZone ?? this.policy.defaultTimeZone;
    const tier = (await this.directory.tierOf(contact.customerId)) ?? 'C';
    const channel = this.policy.channelByTier[tier];
    const wanted = contact.removed
      ? []
      : plannedGreetings(
          contact,
          this.policy.festivals,
          { localHour: this.policy.localHour, timeZone, now },
          this.policy.holidays,
        );
    const wantedIds = new Set<string>();
    for (const occurrence of wanted) {
      const greetingId = greetingIdOf(contactId, occurrence.occasionKey, occurrence.year);
      wantedIds.add(greetingId);
      await this.schedule(
        { greetingId, customerId: contact.customerId, contactId },
        occurrence,
        { channel, timeZone, now },
        cause,
      );
    }
    const reason = contact.removed
      ? 'contact removed'
      : contact.optedOut
        ? 'contact opted out'
        : 'date removed or changed';
    for (const stream of await this.streams.streamsStartingWith(greetingStreamPrefix(contactId))) {
      if (wantedIds.has(stream)) continue;
      const { events } = await this.streams.load(stream);
      const scheduled = events.findLast((event) => event.type === 'GreetingScheduled');
      if (!scheduled || scheduled.type !== 'GreetingScheduled') continue;
      const { greetingId, customerId, occasion, year } = scheduled.data;
      // A one-off occasion was told by a person: only the contact's removal or opt-out withdraws it.
      if (isOneOff(occasion) && !contact.removed && !contact.optedOut) continue;
      await this.apply(
        { greetingId, customerId, contactId, occasion, year },
        { kind: 'cancel', reason, now },
        cause,
      );
    }
  }

  /**
   * D9: a customer's own event (an opening, an award) or a condolence, recorded by a person for one
   * of its contacts: greeted on that local date at the configured hour, through the tier's channel;
   * a condolence always as a task (a personal word, never an automated message).
   */
  async planOccasion(
    request: {
      readonly customerId: string;
      readonly contactId: string;
      readonly occasion: OneOffOccasion;
      readonly label: string;
      readonly date: string;
    },
    cause: PlanningCause,
    now = this.clock.now(),
  ): Promise<{ greetingId: string; scheduledFor: string }> {
    const contact = await this.directory.contact(request.contactId);
    if (!contact || contact.customerId !== request.customerId || contact.removed) {
      throw new EngagementError(
        EngagementErrorCode.ContactNotFound,
        `contact ${request.contactId} is not a contact of customer ${request.customerId}`,
        { errors: [{ field: 'contactId', message: 'is not a contact of this customer' }] },
      );
    }
    if (contact.optedOut) {
      throw new EngagementError(EngagementErrorCode.ContactOptedOut, 'the contact opted out', {
        errors: [{ field: 'contactId', message: 'opted out of greetings' }],
      });
    }
    const timeZone = contact.timeZone ?? this.policy.defaultTimeZone;
    const occurrence = oneOffGreeting(request.occasion, request.label, request.date, {
      localHour: this.policy.localHour,
      timeZone,
      now,
    });
    if (!occurrence) {
      throw new EngagementError(EngagementErrorCode.OccasionPassed, 'the day is over', {
        errors: [{ field: 'date', message: `is over in the contact's time zone (${timeZone})` }],
      });
    }
    const tier = (await this.directory.tierOf(contact.customerId)) ?? 'C';
    const channel = request.occasion === 'condolence' ? 'task' : this.policy.channelByTier[tier];
    const greetingId = greetingIdOf(request.contactId, occurrence.occasionKey, occurrence.year);
    await this.schedule(
      { greetingId, customerId: contact.customerId, contactId: request.contactId },
      occurrence,
      { channel, timeZone, now },
      cause,
    );
    return { greetingId, scheduledFor: occurrence.scheduledFor.toISOString() };
  }

  private schedule(
    greeting: Pick<GreetingIdentity, 'greetingId' | 'customerId' | 'contactId'>,
    occurrence: GreetingOccurrence,
    delivery: { channel: EngagementChannel; timeZone: string; now: Date },
    cause: PlanningCause,
  ): Promise<void> {
    return this.apply(
      { ...greeting, occasion: occurrence.occasion, year: occurrence.year },
      {
        kind: 'schedule',
        ...delivery,
        scheduledFor: occurrence.scheduledFor,
        reason: occurrence.reason,
      },
      cause,
    );
  }

  private async apply(
    identity: GreetingIdentity,
    command: GreetingCommand,
    cause: PlanningCause,
  ): Promise<void> {
    let previous = initialGreeting;
    const handled = await this.greetings.handle(
      identity.greetingId,
      ({ state }) => {
        previous = state;
        return { ...command, identity };
      },
      { actorId: PLANNER_ACTOR, ...cause },
      { retries: ENGAGEMENT_CONFLICT_RETRIES },
    );
    if (
      handled.events.length > 0 &&
      previous.status === 'scheduled' &&
      previous.scheduledFor &&
      previous.channel
    ) {
      await this.queues.cancel(
        this.jobs.greeting[previous.channel],
        greetingJobId(identity.greetingId, previous.scheduledFor),
      );
    }
    // Also when nothing changed: a job lost from Redis is added again (same id: no duplicate).
    const now = handled.state;
    if (now.status === 'scheduled' && now.scheduledFor && now.channel) {
      await this.queues.schedule(
        this.jobs.greeting[now.channel],
        { ...identity, channel: now.channel, scheduledFor: now.scheduledFor },
        {
          jobId: greetingJobId(identity.greetingId, now.scheduledFor),
          runAt: new Date(now.scheduledFor),
        },
      );
    }
  }

  /** The sweep: every contact re-planned, page by page (next year's greetings, lost jobs). */
  async planAll(cause: PlanningCause, pageSize = 200): Promise<number> {
    let after: string | undefined;
    let planned = 0;
    for (;;) {
      const page = await this.directory.contactsAfter(after, pageSize);
      for (const contact of page) await this.planContact(contact._id, cause);
      planned += page.length;
      if (page.length < pageSize) return planned;
      after = page.at(-1)!._id;
    }
  }
}
