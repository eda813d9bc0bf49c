import { Inject, Injectable } from '@nestjs/common';
import type { EngagementEvent } from '@crm/contracts';
import type { CommandHandler, MongoEventStore } from '@crm/event-store';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { commandHandlerProvider, EVENT_STORE } from '@crm/platform';
import {
  followUpDecider,
  type FollowUpCommand,
  type FollowUpState,
} from '@apps/analytics/src/engagement/domain/follow-up.decider';
import {
  greetingDecider,
  type GreetingState,
  type IdentifiedGreetingCommand,
} from '@apps/analytics/src/engagement/domain/greeting.decider';

/** Engagement's commits live apart from analytics' own, so each relay publishes to its own topic. */
export const ENGAGEMENT_COMMITS = 'engagement_commits';

/** A job or consumer that loses the race to another instance decides again this many times. */
export const ENGAGEMENT_CONFLICT_RETRIES = 4;

export const FOLLOW_UP_HANDLER = Symbol('FOLLOW_UP_HANDLER');
export const GREETING_HANDLER = Symbol('GREETING_HANDLER');

export type FollowUpCommandHandler = CommandHandler<
  FollowUpState,
  FollowUpCommand,
  EngagementEvent
>;
export type GreetingCommandHandler = CommandHandler<
  GreetingState,
  IdentifiedGreetingCommand,
  EngagementEvent
>;

/** The only writers of the engagement streams; each event is keyed by the customer it concerns. */
export const engagementHandlerProviders = [
  commandHandlerProvider(FOLLOW_UP_HANDLER, followUpDecider, {
    customerIdOf: (state) => state.customerId,
  }),
  commandHandlerProvider(GREETING_HANDLER, greetingDecider, {
    customerIdOf: (state) => state.customerId,
  }),
];

export interface LoadedEngagementStream {
  readonly events: readonly EngagementEvent[];
  readonly version: number;
}

/** Reads the engagement streams (one per greeting, one per follow-up); changes go through the handlers. */
@Injectable()
export class EngagementStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  /** The ids of the streams that start with a prefix (a contact's greetings). */
  async streamsStartingWith(prefix: string): Promise<string[]> {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const commits = await this.connection
      .db!.collection<{ stream: string }>(ENGAGEMENT_COMMITS)
      .find({ stream: { $regex: `^${escaped}` } }, { projection: { stream: 1 } })
      .toArray();
    return [...new Set(commits.map((commit) => commit.stream))];
  }

  async load(stream: string): Promise<LoadedEngagementStream> {
    const loaded = await this.store.load(stream);
    return {
      version: loaded.version,
      events: loaded.events.map(
        (event) => ({ type: event.type, data: event.data }) as EngagementEvent,
      ),
    };
  }
}
