import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  complaintRecorded,
  customerOwnerAssigned,
  customerRegistered,
  customerTierChanged,
  eventRegistry,
  keyAccountDesignated,
  keyAccountRetired,
  purchaseRecorded,
  Topics,
  type BoundedContext,
  type CloudEvent,
  type CustomerTier,
  type FollowUpAbout,
} from '@crm/contracts';
import type { Projection } from '@crm/projections';
import { upsertNewer } from './guarded-upsert';

export const ENGAGEMENT_CUSTOMER_OWNERS = 'engagement-customer-owners';
export const ENGAGEMENT_CUSTOMER_FACTS = 'engagement-customer-facts';
export const ENGAGEMENT_CUSTOMER_TIERS = 'engagement-customer-tiers';
export const ENGAGEMENT_COMPLAINTS = 'engagement-complaints';

/** Who owns the customer: its owner and, when it has one, its key-account manager. */
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
  /** The customer-stream version of the last key-account change applied. */
  seq?: number;
}

export interface CustomerTierDocument {
  _id: string;
  tier: CustomerTier;
  /** The tier's effective instant (ms): an older change changes nothing. */
  seq: number;
}

/** A complaint as recorded (codes only), so the follow-up after its closing can name it. */
export interface ComplaintDocument extends FollowUpAbout {
  _id: string;
  customerId: string;
  seq: number;
}

const typeOf = (context: BoundedContext, definition: { readonly name: string }): string =>
  eventRegistry.typeOf(context, definition.name);
const acceptsOnly = (...types: string[]) => {
  const accepted = new Set(types);
  return (type: string): boolean => accepted.has(type);
};

/** Who follows each customer up (from its registration and owner changes). */
@Injectable()
export class EngagementCustomerOwnersProjection implements Projection<CustomerOwnerDocument> {
  readonly name = ENGAGEMENT_CUSTOMER_OWNERS;
  readonly topics = [Topics.customers];
  /** Where it lived before it was a projection. */
  readonly collection = 'engagement_customer_owners';
  readonly accepts = acceptsOnly(
    typeOf('customers', customerRegistered),
    typeOf('customers', customerOwnerAssigned),
  );

  async apply(event: CloudEvent, target: Collection<CustomerOwnerDocument>): Promise<void> {
    const seq = event.sequence;
    if (event.type === typeOf('customers', customerRegistered)) {
      const { customerId, ownerId, keyAccountManagerId } = customerRegistered.schema.parse(
        event.data,
      );
      // At registration there is no earlier key-account manager to clear.
      const set = { ownerId, ...(keyAccountManagerId ? { keyAccountManagerId } : {}) };
      await upsertNewer(target, customerId, seq, set);
    } else if (event.type === typeOf('customers', customerOwnerAssigned)) {
      const { customerId, ownerId, keyAccountManagerId } = customerOwnerAssigned.schema.parse(
        event.data,
      );
      const set = { ownerId, ...(keyAccountManagerId ? { keyAccountManagerId } : {}) };
      const unset = keyAccountManagerId ? [] : ['keyAccountManagerId'];
      await upsertNewer(target, customerId, seq, set, unset);
    }
  }
}

/** D9's facts about a customer: its earliest purchase and its key-account standing. */
@Injectable()
export class EngagementCustomerFactsProjection implements Projection<CustomerEngagementFactsDocument> {
  readonly name = ENGAGEMENT_CUSTOMER_FACTS;
  readonly topics = [Topics.customers];
  /** Where it lived before it was a projection. */
  readonly collection = 'engagement_customer_facts';
  readonly accepts = acceptsOnly(
    typeOf('customers', purchaseRecorded),
    typeOf('customers', keyAccountDesignated),
    typeOf('customers', keyAccountRetired),
  );

  async apply(
    event: CloudEvent,
    target: Collection<CustomerEngagementFactsDocument>,
  ): Promise<void> {
    const seq = event.sequence;
    if (event.type === typeOf('customers', purchaseRecorded)) {
      // The earliest business date, whatever order the purchases came in: a repeat changes nothing.
      const purchase = purchaseRecorded.schema.parse(event.data);
      await target.updateOne(
        { _id: purchase.customerId },
        { $min: { earliestPurchaseAt: new Date(purchase.occurredAt) } },
        { upsert: true },
      );
    } else if (event.type === typeOf('customers', keyAccountDesignated)) {
      const designated = keyAccountDesignated.schema.parse(event.data);
      await upsertNewer(
        target,
        designated.customerId,
        seq,
        { keyAccountSince: new Date(designated.designatedAt) },
        ['keyAccountRetiredAt'],
      );
    } else if (event.type === typeOf('customers', keyAccountRetired)) {
      const retired = keyAccountRetired.schema.parse(event.data);
      await upsertNewer(target, retired.customerId, seq, {
        keyAccountRetiredAt: new Date(retired.retiredAt),
      });
    }
  }
}

/** Each customer's tier (analytics' own topic): it decides the greeting channel. */
@Injectable()
export class EngagementCustomerTiersProjection implements Projection<CustomerTierDocument> {
  readonly name = ENGAGEMENT_CUSTOMER_TIERS;
  readonly topics = [Topics.analytics];
  /** Where it lived before it was a projection. */
  readonly collection = 'engagement_customer_tiers';
  readonly accepts = acceptsOnly(typeOf('analytics', customerTierChanged));

  async apply(event: CloudEvent, target: Collection<CustomerTierDocument>): Promise<void> {
    if (event.type !== typeOf('analytics', customerTierChanged)) return;
    const changed = customerTierChanged.schema.parse(event.data);
    const seq = Date.parse(changed.effectiveAt);
    await upsertNewer(target, changed.customerId, seq, { tier: changed.tier });
  }
}

/** What each complaint was about (codes only), for the satisfaction call after its closing. */
@Injectable()
export class EngagementComplaintsProjection implements Projection<ComplaintDocument> {
  readonly name = ENGAGEMENT_COMPLAINTS;
  readonly topics = [Topics.complaints];
  /** Where it lived before it was a projection. */
  readonly collection = 'engagement_complaints';
  readonly accepts = acceptsOnly(typeOf('complaints', complaintRecorded));

  async apply(event: CloudEvent, target: Collection<ComplaintDocument>): Promise<void> {
    if (event.type !== typeOf('complaints', complaintRecorded)) return;
    const recorded = complaintRecorded.schema.parse(event.data);
    const seq = event.sequence;
    await upsertNewer(target, recorded.complaintId, seq, {
      customerId: recorded.customerId,
      complaintId: recorded.complaintId,
      category: recorded.category,
      severity: recorded.severity,
    });
  }
}
