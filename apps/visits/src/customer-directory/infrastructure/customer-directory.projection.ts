import { Injectable } from '@nestjs/common';
import { MongoServerError, type Collection } from 'mongodb';
import { z } from 'zod';
import { documentsById } from '@crm/platform';
import {
  customerErased,
  customerMerged,
  customerRegistered,
  ERASED_TEXT,
  customerTierChanged,
  parseEventType,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { createSchemaIndexes, findPage, ProjectionSlots, type Projection } from '@crm/projections';
import {
  customerTierSchema,
  VISIT_CUSTOMER_TIERS,
  VISIT_CUSTOMERS,
  visitCustomerSchema,
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
const CUSTOMER_TIERS = 'customer-tiers';

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
 * The customers (owner, region, city), as the customers service publishes them: one writer, the
 * projection runner's consumer of the customers' topic, whose records are keyed by customer
 * (ADR 4). No side effects: live and rebuilt alike (ADR 143). Its queries (and the tiers',
 * `CustomerTiersProjection`) read the live slots.
 */
@Injectable()
export class CustomerDirectoryProjection implements Projection<VisitCustomerDocument> {
  readonly name = 'customer-directory';
  readonly collection = VISIT_CUSTOMERS;
  readonly topics = [Topics.customers];

  ensureIndexes(target: Collection<VisitCustomerDocument>): Promise<void> {
    return createSchemaIndexes(target, visitCustomerSchema);
  }

  constructor(private readonly slots: ProjectionSlots) {}

  apply(event: CloudEvent, customers: Collection<VisitCustomerDocument>): Promise<void> {
    return this.applyCustomerEvent(event, customers);
  }

  /**
   * Applies the customers' events this service reads (an erasure drops the name, a merge retires
   * the duplicate). It reads only a few types of each stream, so
   * it keeps the last version applied per stream and skips anything not newer (a redelivery):
   * gaps are expected. One writer per customer (its partition) keeps the check-then-write safe.
   */
  private async applyCustomerEvent(
    event: CloudEvent,
    customers: Collection<VisitCustomerDocument>,
  ): Promise<void> {
    const customerId = event.customerid ?? event.subject;
    const name = parseEventType(event.type)?.name;
    if (name === customerRegistered.name) {
      const { city, ...data } = registration.parse(event.data);
      await this.applyIfNewer(
        customers,
        customerId,
        event,
        { $set: { ...data, ...(city ? { city } : {}) } },
        true,
      );
      return;
    }
    if (name === 'CustomerProfileUpdated') {
      const { changes } = profileUpdate.parse(event.data);
      await this.applyIfNewer(customers, customerId, event, {
        $set: {
          ...(changes.name ? { name: changes.name } : {}),
          ...(changes.region ? { region: changes.region } : {}),
          ...(changes.city ? { city: changes.city } : {}),
        },
        ...(changes.city === null ? { $unset: { city: '' } } : {}),
      });
      return;
    }
    if (name === 'CustomerOwnerAssigned') {
      const { ownerId } = ownerAssignment.parse(event.data);
      await this.applyIfNewer(customers, customerId, event, { $set: { ownerId } });
      return;
    }
    if (name === customerErased.name) {
      // The name is personal (ADR 110); owner, region and city still place the customer's plan.
      customerErased.schema.parse(event.data);
      await this.applyIfNewer(customers, customerId, event, { $set: { name: ERASED_TEXT } });
      return;
    }
    if (name === customerMerged.name) {
      const merged = customerMerged.schema.parse(event.data);
      // The duplicate is read-only from now on: its visits are planned for the survivor.
      if (merged.role === 'duplicate')
        await this.applyIfNewer(customers, customerId, event, {
          $set: { mergedInto: merged.survivorId },
        });
    }
  }

  private async applyIfNewer(
    customers: Collection<VisitCustomerDocument>,
    customerId: string,
    event: CloudEvent,
    update: { $set: Record<string, unknown>; $unset?: Record<string, ''> },
    first = false,
  ): Promise<void> {
    const field = `applied.${event.subject}`;
    const current = await customers.findOne({ _id: customerId }, { projection: { applied: 1 } });
    if ((current?.applied?.[event.subject] ?? 0) >= event.sequence) return;
    if (!current && !first) return;
    await customers.updateOne(
      { _id: customerId },
      { ...update, $set: { ...update.$set, [field]: event.sequence } },
      { upsert: first },
    );
  }

  async find(customerId: string): Promise<DirectoryCustomer | undefined> {
    const document = await (
      await this.customers()
    ).findOne({
      _id: customerId,
      ownerId: { $exists: true },
      mergedInto: { $exists: false },
    });
    return document ? toCustomer(document) : undefined;
  }

  async list(
    filter: { ownerId?: string; region?: string },
    limit: number,
    /** The caller's scope as a filter (`sliceFilter`), ANDed with the rest. */
    access: Record<string, unknown> = {},
  ): Promise<DirectoryCustomer[]> {
    const documents = await findPage(
      await this.customers(),
      { ...filter, ownerId: filter.ownerId ?? { $exists: true }, mergedInto: { $exists: false } },
      { limit, access },
    );
    return documents.map(toCustomer);
  }

  async tierHistories(
    customerIds: readonly string[],
  ): Promise<Map<string, CustomerTierDocument['history']>> {
    const tiers = await this.slots.collection<CustomerTierDocument>(CUSTOMER_TIERS);
    const documents = await documentsById(tiers, customerIds);
    return new Map([...documents].map(([customerId, document]) => [customerId, document.history]));
  }

  /** The live collections (their slots): a rebuild swaps them without the readers noticing. */
  private customers(): Promise<Collection<VisitCustomerDocument>> {
    return this.slots.collection<VisitCustomerDocument>(this.name);
  }
}

/**
 * The customers' tier histories, from analytics' topic: one writer, the projection runner's
 * consumer of that topic (records keyed by customer). No side effects (ADR 143).
 */
@Injectable()
export class CustomerTiersProjection implements Projection<CustomerTierDocument> {
  readonly name = CUSTOMER_TIERS;
  readonly collection = VISIT_CUSTOMER_TIERS;
  readonly topics = [Topics.analytics];

  ensureIndexes(target: Collection<CustomerTierDocument>): Promise<void> {
    return createSchemaIndexes(target, customerTierSchema);
  }

  /** Tier history, de-duplicated by event id (analytics' stream numbering is its own business). */
  async apply(event: CloudEvent, tiers: Collection<CustomerTierDocument>): Promise<void> {
    if (parseEventType(event.type)?.name !== customerTierChanged.name) return;
    const data = customerTierChanged.schema.parse(event.data);
    const entry = { eventId: event.id, tier: data.tier, effectiveAt: data.effectiveAt };
    // `seen.<event id>` makes a redelivery a no-op (a field test FerretDB evaluates reliably).
    const seen = `seen.${event.id}`;
    try {
      await tiers.updateOne(
        { _id: data.customerId, [seen]: { $exists: false } },
        { $push: { history: entry }, $set: { [seen]: true } },
        { upsert: true },
      );
    } catch (error) {
      // The upsert met the document that already holds this event: a redelivery.
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
    }
  }
}

const toCustomer = (document: VisitCustomerDocument): DirectoryCustomer => ({
  customerId: document._id,
  name: document.name,
  region: document.region,
  ...(document.city ? { city: document.city } : {}),
  ownerId: document.ownerId,
});
