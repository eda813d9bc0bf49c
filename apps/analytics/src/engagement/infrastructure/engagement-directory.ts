import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { MongoServerError, type Collection, type Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import type { CustomerTier, FollowUpAbout } from '@crm/contracts';
import type { GreetingContact } from '@apps/analytics/src/engagement/domain/greeting-calendar';

export interface ContactDocument extends GreetingContact {
  _id: string;
  customerId: string;
  timeZone?: string;
  email?: string;
  removed: boolean;
  /** The last customer-stream version applied: older or repeated events change nothing. */
  seq: number;
  /**
   * The merged-away customer this contact was carried over from (CustomerMerged): `seq` counts
   * the survivor's stream from then on, and the old stream's events no longer apply.
   */
  movedFrom?: string;
}

/** Who owns the customer (from the customers topic) and whether it has bought before. */
export interface CustomerOwnerDocument {
  _id: string;
  ownerId?: string;
  keyAccountManagerId?: string;
  seq: number;
}

/** The customer's earliest purchase (business date) and its key-account standing, for D9. */
export interface CustomerEngagementFactsDocument {
  _id: string;
  earliestPurchaseAt?: Date;
  keyAccountSince?: Date;
  keyAccountRetiredAt?: Date;
}

export interface CustomerTierDocument {
  _id: string;
  tier: CustomerTier;
  seq: number;
}

/** A complaint as recorded (codes only), so the follow-up after its closing can name it. */
export interface ComplaintDocument extends FollowUpAbout {
  _id: string;
  customerId: string;
  seq: number;
}

/** A follow-up planned for a customer: its open ones change hands with the customer. */
export interface CustomerFollowUpDocument {
  _id: string;
  customerId: string;
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
  readonly complaints: Collection<ComplaintDocument>;
  readonly facts: Collection<CustomerEngagementFactsDocument>;
  readonly followUps: Collection<CustomerFollowUpDocument>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db!;
    this.contacts = db.collection<ContactDocument>('engagement_contacts');
    this.owners = db.collection<CustomerOwnerDocument>('engagement_customer_owners');
    this.tiers = db.collection<CustomerTierDocument>('engagement_customer_tiers');
    this.complaints = db.collection<ComplaintDocument>('engagement_complaints');
    this.facts = db.collection<CustomerEngagementFactsDocument>('engagement_customer_facts');
    this.followUps = db.collection<CustomerFollowUpDocument>('engagement_customer_follow_ups');
  }

  async ensureIndexes(): Promise<void> {
    // Serves contactsOf (a tier change re-plans the customer's contacts).
    await this.contacts.createIndex({ customerId: 1 }, { name: 'customer' });
    // Serves followUpsOf (a customer changing hands takes its open follow-ups along).
    await this.followUps.createIndex({ customerId: 1 }, { name: 'customer' });
  }

  /** Applies a change if `seq` is newer than what the document has; false when it was not. */
  async upsertNewer<TDocument extends { _id: string; seq: number }>(
    collection: Collection<TDocument>,
    id: string,
    seq: number,
    set: Partial<TDocument>,
    unset: readonly string[] = [],
  ): Promise<boolean> {
    return this.updateOrInsert(
      collection as unknown as Collection<{ _id: string }>,
      { _id: id, $or: [{ seq: { $lt: seq } }, { seq: { $exists: false } }] },
      { ...set, seq },
      unset,
    );
  }

  /**
   * A contact event of `customerId`'s stream, applied if newer, unless the contact has since been
   * carried over from that customer to another (its old stream's versions do not count any more).
   */
  async upsertContact(
    contactId: string,
    customerId: string,
    seq: number,
    set: Partial<ContactDocument>,
    unset: readonly string[] = [],
  ): Promise<boolean> {
    return this.updateOrInsert(
      this.contacts,
      {
        _id: contactId,
        movedFrom: { $ne: customerId },
        $or: [{ seq: { $lt: seq } }, { seq: { $exists: false } }],
      },
      { ...set, customerId, seq },
      unset,
    );
  }

  /**
   * Re-points a contact carried over by a merge to the survivor, at the survivor's stream version
   * `seq`. The first time it applies whatever the contact's old version; a redelivery only when it
   * is newer than what the survivor's stream applied since.
   */
  async moveContact(
    contactId: string,
    from: string,
    to: string,
    seq: number,
    set: Partial<ContactDocument>,
    unset: readonly string[],
  ): Promise<boolean> {
    return this.updateOrInsert(
      this.contacts,
      { _id: contactId, $or: [{ movedFrom: { $ne: from } }, { seq: { $lt: seq } }] },
      { ...set, customerId: to, movedFrom: from, removed: false, seq },
      unset,
    );
  }

  /** One guarded upsert: false when the filter matched nothing (older, repeated or moved). */
  private async updateOrInsert<TDocument extends { _id: string }>(
    collection: Collection<TDocument>,
    filter: Filter<TDocument>,
    set: Partial<TDocument>,
    unset: readonly string[],
  ): Promise<boolean> {
    const target = collection as unknown as Collection<{ _id: string }>;
    try {
      const result = await target.updateOne(
        filter as Filter<{ _id: string }>,
        {
          $set: set,
          ...(unset.length > 0
            ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) }
            : {}),
        },
        { upsert: true },
      );
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      // The filter did not match an existing contact: the upsert's insert collides with it.
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

  /**
   * Records a purchase's business date; answers the earliest one known before it (undefined for
   * the customer's first). A redelivered purchase answers its own date: it plans nothing new.
   */
  async recordPurchase(customerId: string, purchasedAt: Date): Promise<Date | undefined> {
    const before = await this.facts.findOneAndUpdate(
      { _id: customerId },
      { $min: { earliestPurchaseAt: purchasedAt } },
      { upsert: true, returnDocument: 'before' },
    );
    return before?.earliestPurchaseAt;
  }

  async recordKeyAccount(
    customerId: string,
    change: { since: Date } | { retiredAt: Date },
  ): Promise<void> {
    await this.facts.updateOne(
      { _id: customerId },
      'since' in change
        ? { $set: { keyAccountSince: change.since }, $unset: { keyAccountRetiredAt: '' } }
        : { $set: { keyAccountRetiredAt: change.retiredAt } },
      { upsert: true },
    );
  }

  async factsOf(customerId: string): Promise<CustomerEngagementFactsDocument | null> {
    return this.facts.findOne({ _id: customerId });
  }

  /** What a complaint was about, when its recording reached engagement. */
  async complaint(complaintId: string): Promise<FollowUpAbout | undefined> {
    const found = await this.complaints.findOne({ _id: complaintId });
    if (!found) return undefined;
    const { category, severity } = found;
    return {
      complaintId: found.complaintId,
      ...(category ? { category } : {}),
      ...(severity ? { severity } : {}),
    };
  }

  /**
   * Notes a follow-up planned for the customer. Written by the same consumer, in the same
   * per-customer order, as the owner changes that read it: none can be missed by a lagging list.
   */
  async recordFollowUp(customerId: string, followUpId: string): Promise<void> {
    await this.followUps.updateOne({ _id: followUpId }, { $set: { customerId } }, { upsert: true });
  }

  async followUpsOf(customerId: string): Promise<string[]> {
    const found = await this.followUps.find({ customerId }, { projection: { _id: 1 } }).toArray();
    return found.map((followUp) => followUp._id);
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
