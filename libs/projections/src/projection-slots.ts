import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Db, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { APP_CONFIG, type BaseConfig } from '@crm/platform';

interface SlotDocument {
  _id: string;
  collection: string;
  swappedAt: Date;
}

const SLOTS = 'projection_slots';

/** Where a projection lives until its first rebuild, unless it names its own collection. */
export const firstCollectionOf = (service: string, projection: string): string =>
  `${service}_${projection}`;

/**
 * The collection a projection lives in now, read without the service (for tools: the bench, a
 * check): its slot after a rebuild, else `first` (`firstCollectionOf`, or the one it names).
 */
export async function liveCollectionOf<TDocument extends Document>(
  db: Db,
  projection: string,
  first: string,
): Promise<Collection<TDocument>> {
  const slot = await db.collection<SlotDocument>(SLOTS).findOne({ _id: projection });
  return db.collection<TDocument>(slot?.collection ?? first);
}

/**
 * How long a resolved slot is trusted. A swap in this process is seen at once (`swap` updates
 * what it resolved); the rebuild runs in the process of the one instance consuming, so a slot
 * changed elsewhere (a tool, another replica) is only seen this much later.
 */
export const SLOT_TRUSTED_MS = 5_000;

/**
 * Which collection each projection currently lives in. A rebuild fills a fresh collection and
 * swaps the slot; readers resolve the slot for each query, so they switch without downtime. A
 * resolved slot is kept for `SLOT_TRUSTED_MS`: a read joining four read models asks the slots
 * collection once per read model and second, not once per query.
 */
@Injectable()
export class ProjectionSlots {
  private readonly slots;
  /** Collections projections lived in before slots existed (`Projection.collection`). */
  private readonly initial = new Map<string, string>();
  private readonly resolved = new Map<string, { collection: string; until: number }>();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: Pick<BaseConfig, 'SERVICE_NAME'>,
  ) {
    this.slots = connection.collection<SlotDocument>(SLOTS);
  }

  /** Names the collection a projection lives in until its first rebuild. */
  declare(projection: string, collection: string): void {
    this.initial.set(projection, collection);
  }

  async collectionName(projection: string): Promise<string> {
    const known = this.resolved.get(projection);
    if (known && known.until > performance.now()) return known.collection;
    const slot = await this.slots.findOne({ _id: projection });
    return this.remember(projection, slot?.collection ?? this.initialName(projection));
  }

  async collection<TDocument extends Document>(projection: string): Promise<Collection<TDocument>> {
    return this.connection.db!.collection<TDocument>(await this.collectionName(projection));
  }

  /** A collection no slot points to yet, for a rebuild. */
  fresh<TDocument extends Document>(projection: string, stamp: string): Collection<TDocument> {
    return this.connection.db!.collection<TDocument>(`${this.initialName(projection)}__${stamp}`);
  }

  /** Points the projection at `collection`; returns the collection it replaced. */
  async swap(projection: string, collection: string): Promise<string> {
    // What the slot names now, not what this process resolved a moment ago.
    const previous =
      (await this.slots.findOne({ _id: projection }))?.collection ?? this.initialName(projection);
    await this.slots.updateOne(
      { _id: projection },
      // eslint-disable-next-line no-restricted-syntax -- when an operator's rebuild swapped in: real time
      { $set: { collection, swappedAt: new Date() } },
      { upsert: true },
    );
    this.remember(projection, collection);
    return previous;
  }

  private remember(projection: string, collection: string): string {
    this.resolved.set(projection, { collection, until: performance.now() + SLOT_TRUSTED_MS });
    return collection;
  }

  private initialName(projection: string): string {
    return this.initial.get(projection) ?? firstCollectionOf(this.config.SERVICE_NAME, projection);
  }
}
