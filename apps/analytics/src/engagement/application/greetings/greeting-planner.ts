import { Inject, Injectable } from '@nestjs/common';
import type { JobQueues } from '@crm/jobs';
import { APP_CONFIG } from '@crm/platform';
import {
  greetingIdOf,
  greetingStreamPrefix,
  plannedGreetings,
} from '@apps/analytics/src/engagement/domain/greeting-calendar';
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
  ) {
    this.policy = greetingPolicyOf(config);
  }

  async planContact(contactId: string, cause: PlanningCause, now = new Date()): Promise<void> {
    const contact = await this.directory.contact(contactId);
    if (!contact) return;
    const timeZone = contact.timeZone ?? this.policy.defaultTimeZone;
    const tier = (await this.directory.tierOf(contact.customerId)) ?? 'C';
    const channel = this.policy.channelByTier[tier];
    const wanted = contact.removed
      ? []
      : plannedGreetings(contact, this.policy.festivals, {
          localHour: this.policy.localHour,
          timeZone,
          now,
        });
    const wantedIds = new Set<string>();
    for (const occurrence of wanted) {
      const greetingId = greetingIdOf(contactId, occurrence.occasionKey, occurrence.year);
      wantedIds.add(greetingId);
      await this.apply(
        {
          greetingId,
          customerId: contact.customerId,
          contactId,
          occasion: occurrence.occasion,
          year: occurrence.year,
        },
        {
          kind: 'schedule',
          channel,
          scheduledFor: occurrence.scheduledFor,
          timeZone,
          reason: occurrence.reason,
          now,
        },
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
      await this.apply(
        { greetingId, customerId, contactId, occasion, year },
        { kind: 'cancel', reason, now },
        cause,
      );
    }
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
