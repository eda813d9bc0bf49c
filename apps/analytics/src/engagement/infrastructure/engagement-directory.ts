import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { MongoServerError, type Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { CustomerTier } from '@crm/contracts';
import type { GreetingContact } from '@apps/analytics/src/engagement/domain/greeting-calendar';

export interface ContactDocument extends GreetingContact {
  _id: string;
  customerId: string;
  timeZone?: string;
  email?: string;
  removed: boolean;
  /** The last customer-stream version applied: older or repeated events change nothing. */
  seq: number;
}

/** Who owns the customer (from the customers topic) and whether it has bought before. */
export interface CustomerOwnerDocument {
  _id: string;
  ownerId?: string;
  keyAccountManagerId?: string;
  firstPurchaseId?: string;
  seq: number;
}

export interface CustomerTierDocument {
  _id: string;
  tier: CustomerTier;
  seq: number;
}

const DUPLICATE_KEY = 11000;

/**
 * What engagement knows about customers and contacts, read from other contexts' topics. Each
 * collection has one writer (the consumer of one topic, records keyed by customer), so the
 * version guard below needs no atomicity across writers (FerretDB gives none).
 */
@Injectable()
export class EngagementDirectory {
  readonly contacts: Collection<ContactDocument>;
  readonly owners: Collection<CustomerOwnerDocument>;
  readonly tiers: Collection<CustomerTierDocument>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db!;
    this.contacts = db.collection<ContactDocument>('engagement_contacts');
    this.owners = db.collection<CustomerOwnerDocument>('engagement_customer_owners');
    this.tiers = db.collection<CustomerTierDocument>('engagement_customer_tiers');
  }

  async ensureIndexes(): Promise<void> {
    // Serves contactsOf (a tier change re-plans the customer's contacts).
    await this.contacts.createIndex({ customerId: 1 }, { name: 'customer' });
  }

  /** Applies a change if `seq` is newer than what the document has; false when it was not. */
  async upsertNewer<TDocument extends { _id: string; seq: number }>(
    collection: Collection<TDocument>,
    id: string,
    seq: number,
    set: Partial<TDocument>,
    unset: readonly string[] = [],
  ): Promise<boolean> {
    const target = collection as unknown as Collection<{ _id: string; seq: number }>;
    try {
      const result = await target.updateOne(
        { _id: id, $or: [{ seq: { $lt: seq } }, { seq: { $exists: false } }] },
        {
          $set: { ...set, seq },
          ...(unset.length > 0
            ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) }
            : {}),
        },
        { upsert: true },
      );
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  contact(contactId: string): Promise<ContactDocument | null> {
    return this.contacts.findOne({ _id: contactId });
  }

  contactsOf(customerId: string): Promise<ContactDocument[]> {
    return this.contacts.find({ customerId, removed: false }).toArray();
  }

  async tierOf(customerId: string): Promise<CustomerTier | undefined> {
    return (await this.tiers.findOne({ _id: customerId }))?.tier;
  }

  owner(customerId: string): Promise<CustomerOwnerDocument | null> {
    return this.owners.findOne({ _id: customerId });
  }

  /** Contacts page by page by id: the greeting sweep walks them all with bounded memory. */
  contactsAfter(contactId: string | undefined, limit: number): Promise<ContactDocument[]> {
    return this.contacts
      .find({ removed: false, ...(contactId ? { _id: { $gt: contactId } } : {}) })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }
}
