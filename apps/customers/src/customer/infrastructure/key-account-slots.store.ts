import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { MongoServerError, type Collection } from 'mongodb';
import type { Connection } from 'mongoose';

export const KEY_ACCOUNT_SLOTS = 'key_account_slots';

/** Slot n of the key-account cap, held by one customer. `_id` is the slot number. */
export interface KeyAccountSlot {
  _id: number;
  customerId: string;
  claimedAt: Date;
}

const DUPLICATE_KEY = 11000;

/**
 * The cap of D8 spans customers, so no single stream can enforce it, and FerretDB does not make
 * a conditional update of a counter atomic under concurrent writers. An insert with a unique
 * `_id` is atomic: there are exactly `cap` possible slot ids, so at most `cap` holders.
 */
@Injectable()
export class KeyAccountSlotsStore {
  private readonly slots: Collection<KeyAccountSlot>;

  constructor(@InjectConnection() connection: Connection) {
    this.slots = connection.collection<KeyAccountSlot>(KEY_ACCOUNT_SLOTS);
  }

  /** Claims the first free slot in 1..cap; undefined when all are held. */
  async claim(customerId: string, cap: number): Promise<number | undefined> {
    const held = new Set(
      (await this.slots.find({}, { projection: { _id: 1 } }).toArray()).map((slot) => slot._id),
    );
    for (let slot = 1; slot <= cap; slot += 1) {
      if (held.has(slot)) continue;
      try {
        // eslint-disable-next-line no-restricted-syntax -- a claim's age (slot repair) is real time
        await this.slots.insertOne({ _id: slot, customerId, claimedAt: new Date() });
        return slot;
      } catch (error) {
        if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
      }
    }
    return undefined;
  }

  async release(slot: number, customerId: string): Promise<void> {
    await this.slots.deleteOne({ _id: slot, customerId });
  }

  /** Slots within the cap, oldest claim first. */
  held(cap: number): Promise<KeyAccountSlot[]> {
    return this.slots
      .find({ _id: { $lte: cap } })
      .sort({ claimedAt: 1 })
      .toArray();
  }
}
