import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  customerErased,
  customerMerged,
  customerRegistered,
  parseEventType,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { ProjectionSlots, type Projection } from '@crm/projections';
import { COMPLAINT_CUSTOMERS, type ComplaintCustomerDocument } from './complaint-customers.schema';

/** A customer as complaints knows it: whether a complaint may be recorded for it. */
export type KnownCustomer =
  | { readonly customerId: string; readonly status: 'active' }
  | { readonly customerId: string; readonly status: 'merged'; readonly survivorId: string }
  | { readonly customerId: string; readonly status: 'erased' };

/** What an event of a customer's stream changes here: most change nothing but its version. */
const updateFor = (
  event: CloudEvent,
): { $set?: Record<string, string>; $unset?: Record<string, ''> } => {
  const name = parseEventType(event.type)?.name;
  if (name === customerRegistered.name) return { $set: { status: 'active' } };
  if (name === customerErased.name)
    return { $set: { status: 'erased' }, $unset: { survivorId: '' } };
  if (name === customerMerged.name) {
    const merged = customerMerged.schema.parse(event.data);
    // The survivor's own CustomerMerged (role "survivor") leaves it active.
    if (merged.role === 'duplicate')
      return { $set: { status: 'merged', survivorId: merged.survivorId } };
  }
  return {};
};

/**
 * The customers complaints may be recorded for, folded from crm.customers.events.v1 by the
 * projection runner's single consumer of that topic (records are keyed by customer: one writer per
 * document, which applyOnce needs on FerretDB, ADR 4). Every event of a customer's stream is
 * applied, most as a mere version step, so the stream stays gap-free for applyOnce and a rebuild
 * (ADR 143) gives the same documents. No side effects; queries read the live slot.
 */
@Injectable()
export class ComplaintCustomersProjection implements Projection<ComplaintCustomerDocument> {
  readonly name = 'complaint-customers';
  readonly collection = COMPLAINT_CUSTOMERS;
  readonly topics = [Topics.customers];

  constructor(private readonly slots: ProjectionSlots) {}

  /** Applies one event of the customers topic; false for a duplicate or another context's event. */
  async apply(
    event: CloudEvent,
    customers: Collection<ComplaintCustomerDocument>,
  ): Promise<boolean> {
    if (parseEventType(event.type)?.context !== 'customers') return false;
    return applyOnce(
      customers,
      event.subject,
      { stream: event.subject, sequence: event.sequence },
      updateFor(event),
    );
  }

  // Only looked up by _id (POST /complaints), which FerretDB serves with _id's index (ADR 62): no
  // further index, on the live collection or a rebuilt one.

  /** The customer, or undefined while its registration has not arrived (or never will). */
  async find(customerId: string): Promise<KnownCustomer | undefined> {
    const customers = await this.slots.collection<ComplaintCustomerDocument>(this.name);
    const document = await customers.findOne(
      { _id: customerId },
      { projection: { status: 1, survivorId: 1 } },
    );
    if (document?.status === 'merged' && document.survivorId)
      return { customerId, status: 'merged', survivorId: document.survivorId };
    if (document?.status === 'active' || document?.status === 'erased')
      return { customerId, status: document.status };
    return undefined;
  }
}
