import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';

interface SlotDocument {
  _id: string;
  collection: string;
  swappedAt: Date;
}

const SLOTS = 'projection_slots';

/**
 * Which collection each projection currently lives in. A rebuild fills a fresh collection and
 * swaps the slot; readers resolve the slot on every query, so they switch without downtime.
 */
@Injectable()
export class ProjectionSlots {
  private readonly slots;

  constructor(@InjectConnection() private readonly connection: Connection) {
    this.slots = connection.collection<SlotDocument>(SLOTS);
  }

  async collectionName(projection: string): Promise<string> {
    const slot = await this.slots.findOne({ _id: projection });
    return slot?.collection ?? `analytics_${projection}`;
  }

  async collection<TDocument extends Document>(projection: string): Promise<Collection<TDocument>> {
    return this.connection.db!.collection<TDocument>(await this.collectionName(projection));
  }

  /** A collection no slot points to yet, for a rebuild. */
  fresh<TDocument extends Document>(projection: string, stamp: string): Collection<TDocument> {
    return this.connection.db!.collection<TDocument>(`analytics_${projection}__${stamp}`);
  }

  /** Points the projection at `collection`; returns the collection it replaced. */
  async swap(projection: string, collection: string): Promise<string> {
    const previous = await this.collectionName(projection);
    await this.slots.updateOne(
      { _id: projection },
      { $set: { collection, swappedAt: new Date() } },
      { upsert: true },
    );
    return previous;
  }
}
