import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import type { CloudEvent, CustomerTier, FollowUpAbout } from '@crm/contracts';
import { ProjectionRunner, ProjectionSlots, type Projection } from '@crm/projections';
import {
  EngagementContactsProjection,
  type ContactDocument,
} from './engagement-contacts.projection';
import {
  EngagementComplaintsProjection,
  EngagementCustomerFactsProjection,
  EngagementCustomerOwnersProjection,
  EngagementCustomerTiersProjection,
  type ComplaintDocument,
  type CustomerEngagementFactsDocument,
  type CustomerOwnerDocument,
  type CustomerTierDocument,
} from './engagement-customers.projections';

/** A follow-up planned for a customer: its open ones change hands with the customer. */
export interface CustomerFollowUpDocument {
  _id: string;
  customerId: string;
}

/**
 * What engagement knows about customers and contacts, read from other contexts' topics: its
 * contacts, owners, facts, tiers and complaints are projections of the one runner (rebuildable),
 * fed by the engagement-inputs consumer (`apply`) in its order, so that what it reads before and
 * after an event is ordered with the event's change. Reads resolve each projection's live slot.
 */
@Injectable()
export class EngagementDirectory {
  /** The follow-ups engagement planned, per customer: written by the follow-ups handler (ADR 132). */
  private readonly followUps: Collection<CustomerFollowUpDocument>;
  private readonly projections: readonly Projection<Document>[];

  constructor(
    @InjectConnection() connection: Connection,
    private readonly runner: ProjectionRunner,
    private readonly slots: ProjectionSlots,
    private readonly contacts: EngagementContactsProjection,
    private readonly owners: EngagementCustomerOwnersProjection,
    private readonly facts: EngagementCustomerFactsProjection,
    private readonly tiers: EngagementCustomerTiersProjection,
    private readonly complaints: EngagementComplaintsProjection,
  ) {
    this.followUps = connection.db!.collection<CustomerFollowUpDocument>(
      'engagement_customer_follow_ups',
    );
    this.projections = [contacts, owners, facts, tiers, complaints] as unknown as Projection[];
  }

  async ensureIndexes(): Promise<void> {
    // Serves followUpsOf (a customer changing hands takes its open follow-ups along).
    await this.followUps.createIndex({ customerId: 1 }, { name: 'customer' });
  }

  /** Applies an event to the directory's projections that read it, through the runner. */
  async apply(event: CloudEvent): Promise<void> {
    for (const projection of this.projections) {
      if (projection.accepts?.(event.type) ?? true)
        await this.runner.applyLive(projection.name, event);
    }
  }

  private live<TDocument extends Document>(projection: {
    readonly name: string;
  }): Promise<Collection<TDocument>> {
    return this.slots.collection<TDocument>(projection.name);
  }

  async contact(contactId: string): Promise<ContactDocument | null> {
    return (await this.live<ContactDocument>(this.contacts)).findOne({ _id: contactId });
  }

  /** The customer's contacts, removed ones too when asked (an erasure re-plans every one). */
  async contactsOf(customerId: string, withRemoved = false): Promise<ContactDocument[]> {
    return (await this.live<ContactDocument>(this.contacts))
      .find({ customerId, ...(withRemoved ? {} : { removed: false }) })
      .toArray();
  }

  /** Contacts page by page by id: the greeting sweep walks them all with bounded memory. */
  async contactsAfter(contactId: string | undefined, limit: number): Promise<ContactDocument[]> {
    return (await this.live<ContactDocument>(this.contacts))
      .find({ removed: false, ...(contactId ? { _id: { $gt: contactId } } : {}) })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  async owner(customerId: string): Promise<CustomerOwnerDocument | null> {
    return (await this.live<CustomerOwnerDocument>(this.owners)).findOne({ _id: customerId });
  }

  async factsOf(customerId: string): Promise<CustomerEngagementFactsDocument | null> {
    return (await this.live<CustomerEngagementFactsDocument>(this.facts)).findOne({
      _id: customerId,
    });
  }

  async tier(customerId: string): Promise<CustomerTierDocument | null> {
    return (await this.live<CustomerTierDocument>(this.tiers)).findOne({ _id: customerId });
  }

  async tierOf(customerId: string): Promise<CustomerTier | undefined> {
    return (await this.tier(customerId))?.tier;
  }

  /** What a complaint was about, when its recording reached engagement. */
  async complaint(complaintId: string): Promise<FollowUpAbout | undefined> {
    const found = await (
      await this.live<ComplaintDocument>(this.complaints)
    ).findOne({ _id: complaintId });
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
}
