import {
  complaintClosed,
  complaintRecorded,
  contactAdded,
  contactRemoved,
  contactUpdated,
  customerErased,
  customerLifecycleChanged,
  customerMerged,
  customerOwnerAssigned,
  customerRegistered,
  customerTierChanged,
  eventRegistry,
  keyAccountDesignated,
  keyAccountRetired,
  purchaseRecorded,
  visitCompleted,
  type BoundedContext,
  type CloudEvent,
} from '@crm/contracts';
import type { UpstreamFact } from '@apps/analytics/src/engagement/domain/engagement-reactions';

type Decoder = (event: CloudEvent) => UpstreamFact | undefined;

const decoders = new Map<string, Decoder>();
const decode = (
  context: BoundedContext,
  definition: { readonly name: string },
  decoder: Decoder,
): void => {
  const type = eventRegistry.typeOf(context, definition.name);
  if (eventRegistry.types().includes(type)) decoders.set(type, decoder);
};

decode('customers', customerRegistered, ({ data }) => {
  const { customerId, ownerId, keyAccountManagerId } = customerRegistered.schema.parse(data);
  return { kind: 'customer_registered', customerId, owners: { ownerId, keyAccountManagerId } };
});
decode('customers', customerOwnerAssigned, ({ data, sequence }) => {
  const assigned = customerOwnerAssigned.schema.parse(data);
  return {
    kind: 'owner_assigned',
    customerId: assigned.customerId,
    sequence,
    previousOwnerId: assigned.previousOwnerId,
    owners: {
      ownerId: assigned.ownerId,
      keyAccountManagerId: assigned.keyAccountManagerId ?? undefined,
    },
  };
});
for (const definition of [contactAdded, contactUpdated, contactRemoved] as const) {
  decode('customers', definition, ({ data }) => {
    const { customerId, contactId } = definition.schema.parse(data);
    return { kind: 'contact_changed', customerId, contactId };
  });
}
decode('customers', customerErased, ({ data }) => ({
  kind: 'customer_erased',
  customerId: customerErased.schema.parse(data).customerId,
}));
// The duplicate's own record (role `duplicate`) changes nothing in engagement.
decode('customers', customerMerged, ({ data }) => {
  const merged = customerMerged.schema.parse(data);
  if (merged.role !== 'survivor') return undefined;
  const contactIds = (merged.carried?.contacts ?? []).map(({ contactId }) => contactId);
  return { kind: 'contacts_carried', customerId: merged.survivorId, contactIds };
});
decode('customers', purchaseRecorded, ({ data }) => {
  const purchase = purchaseRecorded.schema.parse(data);
  return {
    kind: 'purchase_recorded',
    customerId: purchase.customerId,
    purchasedAt: new Date(purchase.occurredAt),
  };
});
decode('customers', keyAccountDesignated, ({ data }) => {
  const { customerId, keyAccountManagerId } = keyAccountDesignated.schema.parse(data);
  return { kind: 'key_account_designated', customerId, keyAccountManagerId };
});
decode('customers', keyAccountRetired, ({ data }) => ({
  kind: 'key_account_retired',
  customerId: keyAccountRetired.schema.parse(data).customerId,
}));
decode('visits', visitCompleted, ({ data }) => {
  const visit = visitCompleted.schema.parse(data);
  return {
    kind: 'visit_completed',
    customerId: visit.customerId,
    visitId: visit.visitId,
    repId: visit.repId,
    completedAt: new Date(visit.completedAt),
  };
});
decode('complaints', complaintRecorded, ({ data }) => ({
  kind: 'complaint_recorded',
  customerId: complaintRecorded.schema.parse(data).customerId,
}));
decode('complaints', complaintClosed, ({ data, customerid, id }) => {
  const closed = complaintClosed.schema.parse(data);
  if (!customerid) return undefined;
  return {
    kind: 'complaint_closed',
    customerId: customerid,
    complaintId: closed.complaintId,
    closingId: id,
    closedAt: new Date(closed.at),
  };
});
decode('analytics', customerTierChanged, ({ data }) => {
  const changed = customerTierChanged.schema.parse(data);
  return {
    kind: 'tier_changed',
    customerId: changed.customerId,
    effectiveAt: new Date(changed.effectiveAt),
  };
});
decode('analytics', customerLifecycleChanged, ({ data, id, time }) => {
  const changed = customerLifecycleChanged.schema.parse(data);
  return {
    kind: 'lifecycle_changed',
    customerId: changed.customerId,
    stage: changed.stage,
    changeId: id,
    changedAt: new Date(time),
  };
});

/** The event types engagement reads from other contexts (others are passed over unparsed). */
export const acceptsUpstream = (type: string): boolean => decoders.has(type);

/** The facts an upstream event tells engagement; undefined when it tells nothing (validated). */
export const upstreamFactOf = (event: CloudEvent): UpstreamFact | undefined =>
  decoders.get(event.type)?.(event);
