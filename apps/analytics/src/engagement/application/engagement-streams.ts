import { Inject, Injectable } from '@nestjs/common';
import type { EngagementEvent } from '@crm/contracts';
import {
  EventStoreError,
  EventStoreErrorCode,
  type AppendMetadata,
  type MongoEventStore,
  type OutboxRelay,
} from '@crm/event-store';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { EVENT_STORE, OUTBOX_RELAY } from '@crm/platform';

/** Engagement's commits live apart from analytics' own, so each relay publishes to its own topic. */
export const ENGAGEMENT_COMMITS = 'engagement_commits';

export interface LoadedEngagementStream {
  readonly events: readonly EngagementEvent[];
  readonly version: number;
}

const MAX_CONFLICTS = 5;

/** Loads and appends the engagement streams (one per greeting, one per follow-up). */
@Injectable()
export class EngagementStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
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

  async append(
    stream: string,
    version: number,
    events: readonly EngagementEvent[],
    metadata: AppendMetadata,
  ): Promise<void> {
    if (events.length === 0) return;
    await this.store.append(stream, version, events, metadata);
    this.relay.nudge();
  }

  /**
   * Load → decide → append, again on a version conflict (another instance wrote meanwhile: the
   * decision is re-made on what it wrote). Returns the events appended.
   */
  async decideAndAppend(
    stream: string,
    decide: (events: readonly EngagementEvent[]) => EngagementEvent[],
    metadata: AppendMetadata,
  ): Promise<{ before: readonly EngagementEvent[]; appended: EngagementEvent[] }> {
    for (let attempt = 1; ; attempt += 1) {
      const { events, version } = await this.load(stream);
      const decided = decide(events);
      try {
        await this.append(stream, version, decided, metadata);
        return { before: events, appended: decided };
      } catch (error) {
        const conflict =
          error instanceof EventStoreError &&
          error.code === EventStoreErrorCode.StreamVersionConflict;
        if (!conflict || attempt >= MAX_CONFLICTS) throw error;
      }
    }
  }
}
