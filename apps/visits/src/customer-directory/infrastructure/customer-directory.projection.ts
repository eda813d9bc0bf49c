import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { MongoServerError } from 'mongodb';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import {
  customerRegistered,
  customerTierChanged,
  parseEventType,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import {
  VISIT_CUSTOMER_TIERS,
  VISIT_CUSTOMERS,
  type CustomerTierDocument,
  type VisitCustomerDocument,
} from './customer-directory.schema';

export interface DirectoryCustomer {
  readonly customerId: string;
  readonly name: string;
  readonly region: string;
  readonly city?: string | undefined;
  readonly ownerId: string;
}

const DUPLICATE_KEY = 11000;

/*
 * The few fields visits reads from the customers' events (the full contracts are validated by the
 * consumer against the catalogue): where the customer is and who owns it.
 */
const registration = z.object({
  name: z.string().min(1),
  region: z.string().min(1),
  ownerId: z.string().min(1),
  city: z.string().min(1).optional(),
});
const profileUpdate = z.object({
  changes: z.object({
    name: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    city: z.string().min(1).nullable().optional(),
  }),
});
const ownerAssignment = z.object({ ownerId: z.string().min(1) });

/**
 * The customers (owner, region, city) and their tiers, as other services publish them. Each
 * collection has one writer: the consumer of its topic, whose records are keyed by customer (ADR 4).
 */
@Injectable()
export class CustomerDirectoryProjection {
  private readonly customers;
  private readonly tiers;

  constructor(@InjectConnection() connection: Connection) {
    this.customers = connection.collection<VisitCustomerDocument>(VISIT_CUSTOMERS);
    this.tiers = connection.collection<CustomerTierDocument>(VISIT_CUSTOMER_TIERS);
  }

  async applyCustomerEvent(event: CloudEvent): Promise<void> {
    const customerId = event.customerid ?? event.subject;
    const position = { stream: event.subject, sequence: event.sequence };
    const name = parseEventType(event.type)?.name;
    if (name === customerRegistered.name) {
      const data = registration.parse(event.data);
      const { city } = data;
      await applyOnce(this.customers, customerId, position, {
        $set: {
          name: data.name,
          region: data.region,
          ownerId: data.ownerId,
          ...(city ? { city } : {}),
        },
      });
      return;
    }
    // Unknown to this service's stream history? Then it has nothing to advance.
    if (!(await this.customers.findOne({ _id: customerId }, { projection: { _id: 1 } }))) return;
    if (name === 'CustomerProfileUpdated') {
      const { changes } = profileUpdate.parse(event.data);
      const set = {
        ...(changes.name ? { name: changes.name } : {}),
        ...(changes.region ? { region: changes.region } : {}),
        ...(changes.city ? { city: changes.city } : {}),
      };
      await applyOnce(this.customers, customerId, position, {
        $set: set,
        ...(changes.city === null ? { $unset: { city: '' } } : {}),
      });
      return;
    }
    if (name === 'CustomerOwnerAssigned') {
      const { ownerId } = ownerAssignment.parse(event.data);
      await applyOnce(this.customers, customerId, position, { $set: { ownerId } });
      return;
    }
    // Events this service does not read still advance the stream position (no false gaps).
    await applyOnce(this.customers, customerId, position, {});
  }

  /** Tier history, de-duplicated by event id (analytics' stream numbering is its own business). */
  async applyAnalyticsEvent(event: CloudEvent): Promise<void> {
    if (parseEventType(event.type)?.name !== customerTierChanged.name) return;
    const data = customerTierChanged.schema.parse(event.data);
    const entry = { eventId: event.id, tier: data.tier, effectiveAt: data.effectiveAt };
    // `seen.<event id>` makes a redelivery a no-op (a field test FerretDB evaluates reliably).
    const seen = `seen.${event.id}`;
    try {
      await this.tiers.updateOne(
        { _id: data.customerId, [seen]: { $exists: false } },
        { $push: { history: entry }, $set: { [seen]: true } },
        { upsert: true },
      );
    } catch (error) {
      // The upsert met the document that already holds this event: a redelivery.
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
    }
  }

  async find(customerId: string): Promise<DirectoryCustomer | undefined> {
    const document = await this.customers.findOne({ _id: customerId, ownerId: { $exists: true } });
    return document ? toCustomer(document) : undefined;
  }

  async list(
    scope: { ownerId?: string; region?: string },
    limit: number,
  ): Promise<DirectoryCustomer[]> {
    const documents = await this.customers
      .find({ ...scope, ownerId: scope.ownerId ?? { $exists: true } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return documents.map(toCustomer);
  }

  async tierHistories(
    customerIds: readonly string[],
  ): Promise<Map<string, CustomerTierDocument['history']>> {
    const documents = await this.tiers.find({ _id: { $in: [...customerIds] } }).toArray();
    return new Map(documents.map((document) => [document._id, document.history]));
  }
}

const toCustomer = (document: VisitCustomerDocument): DirectoryCustomer => ({
  customerId: document._id,
  name: document.name,
  region: document.region,
  ...(document.city ? { city: document.city } : {}),
  ownerId: document.ownerId,
});
