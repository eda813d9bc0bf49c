import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Collection, Document } from 'mongodb';
import type { CloudEvent } from '@crm/contracts';
import type { ConsumedEventMeta } from '@crm/messaging';
import {
  APP_CONFIG,
  EventConsumers,
  isTransientFailure,
  KAFKA,
  topicIn,
  type BaseConfig,
} from '@crm/platform';
import type { Projection } from './projection';
import { ProjectionError, ProjectionErrorCode } from './projection.errors';
import { ProjectionSlots } from './projection-slots';
import { readTopicsToEnd } from './topic-reader';

/** Runs `work` after everything queued before it: one writer per projection in this process. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export interface RebuildResult {
  readonly projection: string;
  readonly collection: string;
  readonly replaced: string;
  readonly documents: number;
}

/**
 * Applies live events to each projection's current collection, and rebuilds projections from the
 * Kafka topics into fresh collections that are then swapped in. While a projection is rebuilt its
 * live consumer waits (the mutex), so each collection keeps a single writer; readers keep reading
 * the old collection until the swap.
 */
@Injectable()
export class ProjectionRunner {
  private readonly logger = new Logger('ProjectionRunner');
  private readonly projections = new Map<string, Projection>();
  private readonly locks = new Map<string, Mutex>();
  private readonly live = new Map<string, Collection<Document>>();

  constructor(
    private readonly slots: ProjectionSlots,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    private readonly consumers: EventConsumers,
  ) {}

  register(projection: Projection): void {
    if (this.projections.has(projection.name))
      throw new Error(`projection ${projection.name} registered twice`);
    this.projections.set(projection.name, projection);
    if (projection.collection !== undefined)
      this.slots.declare(projection.name, projection.collection);
    this.locks.set(projection.name, new Mutex());
  }

  names(): string[] {
    return [...this.projections.keys()];
  }

  has(name: string): boolean {
    return this.projections.has(name);
  }

  async applyLive(name: string, event: CloudEvent): Promise<void> {
    const projection = this.projection(name);
    await this.lock(name).run(async () => {
      let target = this.live.get(name);
      if (!target) {
        target = await this.slots.collection(name);
        await projection.ensureIndexes?.(target);
        this.live.set(name, target);
      }
      await projection.apply(event, target, { live: true });
    });
  }

  /** Rebuilds the named projections in one pass over their topics, then swaps each in. */
  async rebuild(names: readonly string[]): Promise<RebuildResult[]> {
    const unknown = names.filter((name) => !this.projections.has(name));
    if (unknown.length > 0) {
      throw new ProjectionError(
        ProjectionErrorCode.ProjectionNotFound,
        `no projection ${unknown.join(', ')}; known: ${this.names().join(', ')}`,
        { known: this.names() },
      );
    }
    const projections = names.map((name) => this.projection(name));
    // eslint-disable-next-line no-restricted-syntax -- a unique collection name, not a business time
    const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const targets = new Map(
      projections.map((projection) => [projection.name, this.slots.fresh(projection.name, stamp)]),
    );
    const topics = [...new Set(projections.flatMap((projection) => projection.topics))];
    // Every involved live consumer waits while the rebuild reads to the end and swaps.
    const hold = async <T>(index: number, work: () => Promise<T>): Promise<T> =>
      index === projections.length
        ? work()
        : this.lock(projections[index]!.name).run(() => hold(index + 1, work));
    return hold(0, async () => {
      for (const projection of projections)
        await projection.ensureIndexes?.(targets.get(projection.name)!);
      const { records } = await readTopicsToEnd(
        this.kafka,
        `${this.config.CONSUMER_GROUP_PREFIX}.${this.config.SERVICE_NAME}.rebuild.${stamp}`,
        topics.map((topic) => topicIn(this.config, topic)),
        async (sealed, meta) => {
          // Each projection gets the events its live consumer gets: of its topics, of the types it
          // accepts (the others are not even opened, as live).
          const readers = projections.filter(
            (projection) =>
              projection.topics.some((topic) => sealed.source === `crm/${topic.split('.')[1]}`) &&
              (!projection.accepts || projection.accepts(sealed.type)),
          );
          if (readers.length === 0) return;
          // Opened as the live consumers open it: an erased customer's values stay placeholders.
          const event = await this.consumers.open(sealed);
          for (const projection of readers)
            await this.applyMarkingFailures(projection, event, meta, targets, stamp);
        },
      );
      const results: RebuildResult[] = [];
      for (const projection of projections) {
        const target = targets.get(projection.name)!;
        const replaced = await this.slots.swap(projection.name, target.collectionName);
        this.live.set(projection.name, target);
        // What the rebuild could not apply replaces what the live group had marked (ADR 75).
        await this.consumers.gaps.adopt(
          this.rebuildGroup(projection.name, stamp),
          this.consumers.groupOf(projection.name),
        );
        results.push({
          projection: projection.name,
          collection: target.collectionName,
          replaced,
          documents: await target.countDocuments(),
        });
      }
      this.logger.log({ msg: 'projections rebuilt', records, results });
      return results;
    });
  }

  /**
   * Applies one event while rebuilding; what cannot be applied is marked, as the live consumer
   * marks it, and the stream's later events apply over it: one bad event never stops a rebuild.
   */
  private async applyMarkingFailures(
    projection: Projection,
    event: CloudEvent,
    meta: ConsumedEventMeta,
    targets: ReadonlyMap<string, Collection<Document>>,
    stamp: string,
  ): Promise<void> {
    const group = this.rebuildGroup(projection.name, stamp);
    const apply = async () => {
      await projection.apply(event, targets.get(projection.name)!, { live: false });
    };
    try {
      await apply();
    } catch (error) {
      if (isTransientFailure(error)) throw error;
      try {
        if (await this.consumers.gaps.of(group).retryOverGaps(event, error, apply)) return;
        throw error;
      } catch (failure) {
        if (isTransientFailure(failure)) throw failure;
        const reason = failure instanceof Error ? failure.message : String(failure);
        this.logger.warn({
          msg: 'event not applied while rebuilding; marked',
          eventId: event.id,
          reason,
        });
        await this.consumers.gaps.remember(group, event, meta, reason);
      }
    }
  }

  private rebuildGroup(projection: string, stamp: string): string {
    return `${this.consumers.groupOf(projection)}.rebuild.${stamp}`;
  }

  private projection(name: string): Projection {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`no projection ${name}`);
    return projection;
  }

  private lock(name: string): Mutex {
    return this.locks.get(name)!;
  }
}
