import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  customerErased,
  customerMerged,
  customerOwnerAssigned,
  customerProfileUpdated,
  customerRegistered,
  ERASED_TEXT,
  parseEventType,
  purchaseRecorded,
  purchaseReversed,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { type ApplyMode, applyTo, type Projection } from '@crm/projections';
import { dayOf } from '@apps/analytics/src/projections/application/purchase-day';

export const CUSTOMER_FACTS = 'customer-facts';

/** Told of every purchase or refund applied live: the lifecycle re-evaluates its customer (D5). */
export interface PurchaseListener {
  purchaseApplied(customerId: string, eventId: string): Promise<unknown>;
}

export const PURCHASE_LISTENER = Symbol('PURCHASE_LISTENER');

/**
 * What analytics needs to know of each customer from the customers topic: who owns it, where it
 * is, and its revenue per business day (D2: back-dated purchases land on their own date;
 * reversals subtract on theirs). Tiers and lifecycle are computed from it.
 */
export interface CustomerFactsDocument {
  _id: string;
  profile?: { name: string; region: string; ownerId: string };
  /**
   * day (YYYY-MM-DD) → net revenue booked on that day, in minor units of the company currency,
   * stored as int64 (ADR 90: a JS number would go as int32 and wrap at 2^31 in FerretDB).
   */
  revenueByDay?: Record<string, bigint>;
  /** Days with a purchase (not a reversal), for the purchase interval of D5. */
  purchaseDays?: string[];
  /**
   * purchase id → its business day and what is left of it after refunds (int64 minor units): a
   * purchase refunded in full is no longer buying (D5, `buyingDays`).
   */
  purchases?: Record<string, { day: string; netMinor: bigint }>;
  /** A duplicate merged away: its revenue now belongs to this survivor (D1 merge). */
  mergedInto?: string;
  /** Erased (personal-information law): still ranked for tiers, left out of loyalty (ADR 142). */
  erased?: boolean;
  applied?: Record<string, number>;
}

@Injectable()
export class CustomerFactsProjection implements Projection<CustomerFactsDocument> {
  readonly name = CUSTOMER_FACTS;
  readonly topics = [Topics.customers];

  constructor(
    @Optional() @Inject(PURCHASE_LISTENER) private readonly listener?: PurchaseListener,
  ) {}

  async apply(
    event: CloudEvent,
    target: Collection<CustomerFactsDocument>,
    mode: ApplyMode = { live: false },
  ): Promise<boolean> {
    const applied = await this.applyFacts(event, target);
    const name = parseEventType(event.type)?.name;
    // D5: a purchase (or a refund) changes the stage at once, not at the next nightly run. Also on
    // a redelivery (applied false): the evaluation is idempotent and may not have run the first time.
    const purchase = name === purchaseRecorded.name || name === purchaseReversed.name;
    if (mode.live && purchase && this.listener) {
      await this.listener.purchaseApplied(event.customerid ?? event.subject, event.id);
    }
    return applied;
  }

  private async applyFacts(
    event: CloudEvent,
    target: Collection<CustomerFactsDocument>,
  ): Promise<boolean> {
    const customerId = event.customerid ?? event.subject;
    switch (parseEventType(event.type)?.name) {
      case customerRegistered.name: {
        const data = customerRegistered.schema.parse(event.data);
        return applyTo(target, customerId, event, {
          $set: { profile: { name: data.name, region: data.region, ownerId: data.ownerId } },
        });
      }
      case customerProfileUpdated.name: {
        const { changes } = customerProfileUpdated.schema.parse(event.data);
        const $set: Record<string, string> = {};
        if (changes.name) $set['profile.name'] = changes.name;
        if (changes.region) $set['profile.region'] = changes.region;
        return applyTo(target, customerId, event, Object.keys($set).length > 0 ? { $set } : {});
      }
      case customerOwnerAssigned.name: {
        const data = customerOwnerAssigned.schema.parse(event.data);
        return applyTo(target, customerId, event, { $set: { 'profile.ownerId': data.ownerId } });
      }
      case purchaseRecorded.name: {
        const data = purchaseRecorded.schema.parse(event.data);
        const day = dayOf(data.occurredAt);
        return applyTo(target, customerId, event, {
          $inc: {
            [`revenueByDay.${day}`]: BigInt(data.booked.minor),
            [`purchases.${data.purchaseId}.netMinor`]: BigInt(data.booked.minor),
          },
          $set: { [`purchases.${data.purchaseId}.day`]: day },
          $addToSet: { purchaseDays: day },
        });
      }
      case purchaseReversed.name: {
        const data = purchaseReversed.schema.parse(event.data);
        return applyTo(target, customerId, event, {
          $inc: {
            [`revenueByDay.${dayOf(data.occurredAt)}`]: -BigInt(data.booked.minor),
            [`purchases.${data.originalPurchaseId}.netMinor`]: -BigInt(data.booked.minor),
          },
        });
      }
      case customerErased.name:
        // Personal data goes; region, owner and revenue stay, so tiers still count the customer.
        return applyTo(target, customerId, event, {
          $set: { 'profile.name': ERASED_TEXT, erased: true },
        });
      case customerMerged.name: {
        const data = customerMerged.schema.parse(event.data);
        if (data.role === 'duplicate') {
          return applyTo(target, customerId, event, {
            $set: { mergedInto: data.survivorId },
            $unset: { revenueByDay: '', purchaseDays: '', purchases: '' },
          });
        }
        // The survivor takes the duplicate's purchases on their business days, net of refunds, one
        // by one: a carried purchase refunded in full is no buying day (D5), and a later refund of
        // it on the survivor finds it.
        const $inc: Record<string, bigint> = {};
        const $set: Record<string, string> = {};
        const days = new Set<string>();
        for (const purchase of data.carried?.purchases ?? []) {
          const day = dayOf(purchase.occurredAt);
          const net = BigInt(purchase.booked.minor) - BigInt(purchase.refundedBooked.minor);
          $inc[`revenueByDay.${day}`] = ($inc[`revenueByDay.${day}`] ?? 0n) + net;
          $inc[`purchases.${purchase.purchaseId}.netMinor`] = net;
          $set[`purchases.${purchase.purchaseId}.day`] = day;
          days.add(day);
        }
        return applyTo(
          target,
          customerId,
          event,
          days.size === 0 ? {} : { $inc, $set, $addToSet: { purchaseDays: { $each: [...days] } } },
        );
      }
      default:
        // Every event of the stream advances the checkpoint, so later ones are never mistaken for a gap.
        return applyTo(target, customerId, event);
    }
  }
}
