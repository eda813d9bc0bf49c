import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import {
  contactAdded,
  contactRemoved,
  contactUpdated,
  customerErased,
  customerMerged,
  customerOwnerAssigned,
  customerRegistered,
  ERASED_TEXT,
  customerLifecycleChanged,
  customerTierChanged,
  complaintClosed,
  complaintRecorded,
  eventRegistry,
  type BoundedContext,
  keyAccountDesignated,
  keyAccountRetired,
  purchaseRecorded,
  Topics,
  visitCompleted,
  type CloudEvent,
} from '@crm/contracts';
import { EventConsumers } from '@crm/platform';
import {
  FollowUpsHandler,
  reactivationSourceOf,
} from '@apps/analytics/src/engagement/application/follow-ups/follow-ups.handler';
import { GreetingPlanner } from '@apps/analytics/src/engagement/application/greetings/greeting-planner';
import {
  EngagementDirectory,
  type ContactDocument,
} from '@apps/analytics/src/engagement/infrastructure/engagement-directory';

const type = (context: BoundedContext, name: string): string => eventRegistry.typeOf(context, name);

/** D5: the lifecycle stages that call for a reactivation follow-up. Its event belongs to analytics. */
const LIFECYCLE_CHANGED = type('analytics', customerLifecycleChanged.name);
const REACTIVATION = {
  drowsy: 'reactivation_drowsy',
  half_asleep: 'reactivation_half_asleep',
  dormant: 'reactivation_dormant',
} as const;
const ACCEPTED = new Set(
  [
    type('customers', customerRegistered.name),
    type('customers', customerOwnerAssigned.name),
    type('customers', contactAdded.name),
    type('customers', contactUpdated.name),
    type('customers', contactRemoved.name),
    type('customers', customerErased.name),
    type('customers', customerMerged.name),
    type('customers', purchaseRecorded.name),
    type('customers', keyAccountDesignated.name),
    type('customers', keyAccountRetired.name),
    type('visits', visitCompleted.name),
    type('complaints', complaintRecorded.name),
    type('complaints', complaintClosed.name),
    type('analytics', customerTierChanged.name),
    LIFECYCLE_CHANGED,
  ].filter((name) => eventRegistry.types().includes(name)),
);

type ContactFields = Omit<ContactDocument, '_id' | 'customerId' | 'removed' | 'seq' | 'movedFrom'>;
const CONTACT_FIELDS = [
  'name',
  'birthday',
  'anniversaries',
  'timeZone',
  'optedOut',
  'email',
] as const;

/** What engagement keeps of a contact (added, or carried over by a merge). */
function contactFieldsOf(contact: {
  name: string;
  birthday?: string | undefined;
  anniversaries?: { label: string; date: string }[] | undefined;
  timeZone?: string | undefined;
  email?: string | undefined;
  optedOut?: boolean | undefined;
}): { fields: ContactFields; absent: (typeof CONTACT_FIELDS)[number][] } {
  const fields: ContactFields = {
    name: contact.name,
    ...(contact.birthday ? { birthday: contact.birthday } : {}),
    ...(contact.anniversaries ? { anniversaries: contact.anniversaries } : {}),
    ...(contact.timeZone ? { timeZone: contact.timeZone } : {}),
    ...(contact.email ? { email: contact.email } : {}),
    optedOut: contact.optedOut ?? false,
  };
  return { fields, absent: CONTACT_FIELDS.filter((field) => !(field in fields)) };
}

/**
 * Engagement's inputs: contacts, owners and tiers for greetings; visits, complaints, purchases,
 * key accounts and lifecycle changes for follow-ups. Records are keyed by customer, so each
 * customer's facts are applied in order by one member of the group.
 */
@Injectable()
export class EngagementInputsConsumer {
  constructor(
    consumers: EventConsumers,
    private readonly directory: EngagementDirectory,
    private readonly planner: GreetingPlanner,
    private readonly followUps: FollowUpsHandler,
  ) {
    consumers.create({
      name: 'engagement-inputs',
      topics: [Topics.customers, Topics.visits, Topics.complaints, Topics.analytics],
      accepts: (eventType) => ACCEPTED.has(eventType),
      handle: (event) => this.handle(event),
    });
  }

  /** Who follows the customer up: its owner and, when it has one, its key-account manager. */
  private async recordOwners(
    owners: {
      customerId: string;
      ownerId: string;
      keyAccountManagerId?: string | null | undefined;
    },
    sequence: number,
    clearAbsentManager: boolean,
  ): Promise<void> {
    const { customerId, ownerId, keyAccountManagerId } = owners;
    await this.directory.upsertNewer(
      this.directory.owners,
      customerId,
      sequence,
      { ownerId, ...(keyAccountManagerId ? { keyAccountManagerId } : {}) },
      clearAbsentManager && !keyAccountManagerId ? ['keyAccountManagerId'] : [],
    );
  }

  /**
   * The customer's open follow-ups go with it to its new owner. Before the owners are recorded:
   * the directory still knows the previous key-account manager, and a redelivery after a crash
   * between the two finds the change not yet recorded and moves what is left (moves are
   * idempotent). An owner change older than the one recorded moves nothing.
   */
  private async followUpsChangeHands(
    assigned: z.infer<typeof customerOwnerAssigned.schema>,
    event: CloudEvent,
    cause: { correlationId: string },
  ): Promise<void> {
    const recorded = await this.directory.owner(assigned.customerId);
    if (recorded && recorded.seq >= event.sequence) return;
    await this.followUps.ownersChanged(
      {
        customerId: assigned.customerId,
        sourceEventId: event.id,
        correlationId: cause.correlationId,
      },
      {
        ownerId: assigned.previousOwnerId,
        keyAccountManagerId: recorded?.keyAccountManagerId,
      },
      {
        ownerId: assigned.ownerId,
        keyAccountManagerId: assigned.keyAccountManagerId ?? undefined,
      },
    );
  }

  private async handle(event: CloudEvent): Promise<void> {
    const cause = { correlationId: event.correlationid ?? event.id, causationId: event.id };
    const data = event.data;
    switch (event.type) {
      case type('customers', customerRegistered.name): {
        const registered = customerRegistered.schema.parse(data);
        // Only while no owner is recorded: a redelivered registration names outdated owners.
        if (!(await this.directory.owner(registered.customerId))) {
          await this.followUps.ownersKnown(
            {
              customerId: registered.customerId,
              sourceEventId: event.id,
              correlationId: cause.correlationId,
            },
            { ownerId: registered.ownerId, keyAccountManagerId: registered.keyAccountManagerId },
          );
        }
        // At registration there is no earlier key-account manager to clear.
        await this.recordOwners(registered, event.sequence, false);
        return;
      }
      case type('customers', customerOwnerAssigned.name): {
        const assigned = customerOwnerAssigned.schema.parse(data);
        await this.followUpsChangeHands(assigned, event, cause);
        await this.recordOwners(assigned, event.sequence, true);
        return;
      }
      case type('customers', contactAdded.name): {
        const added = contactAdded.schema.parse(data);
        const { fields, absent } = contactFieldsOf(added.contact);
        await this.directory.upsertContact(
          added.contactId,
          added.customerId,
          event.sequence,
          { removed: false, ...fields },
          absent,
        );
        await this.planner.planContact(added.contactId, cause);
        return;
      }
      case type('customers', contactUpdated.name): {
        const updated = contactUpdated.schema.parse(data);
        const set: Record<string, unknown> = {};
        const unset: string[] = [];
        for (const field of CONTACT_FIELDS) {
          if (!(field in updated.changes)) continue;
          const value = updated.changes[field];
          if (value === null || value === undefined) unset.push(field);
          else set[field] = value;
        }
        await this.directory.upsertContact(
          updated.contactId,
          updated.customerId,
          event.sequence,
          set as Partial<ContactDocument>,
          unset,
        );
        await this.planner.planContact(updated.contactId, cause);
        return;
      }
      case type('customers', contactRemoved.name): {
        const removed = contactRemoved.schema.parse(data);
        await this.directory.upsertContact(removed.contactId, removed.customerId, event.sequence, {
          removed: true,
        });
        await this.planner.planContact(removed.contactId, cause);
        return;
      }
      case type('customers', customerErased.name): {
        // Erasure: the contacts' personal data goes and their pending greetings are cancelled.
        const erased = customerErased.schema.parse(data);
        for (const contact of await this.directory.contactsOf(erased.customerId)) {
          await this.directory.upsertContact(
            contact._id,
            erased.customerId,
            event.sequence,
            { removed: true, name: ERASED_TEXT },
            CONTACT_FIELDS.filter((field) => field !== 'name' && field !== 'optedOut'),
          );
          await this.planner.planContact(contact._id, cause);
        }
        return;
      }
      case type('customers', customerMerged.name): {
        // The survivor's record carries the duplicate's contacts (opened with the survivor's key):
        // they are the survivor's from now on, and so are their greetings (re-planned under it,
        // the same greeting ids: moved, not repeated). The duplicate's own record changes nothing.
        const merged = customerMerged.schema.parse(data);
        if (merged.role !== 'survivor') return;
        for (const { contactId, contact } of merged.carried?.contacts ?? []) {
          const { fields, absent } = contactFieldsOf(contact);
          await this.directory.moveContact(
            contactId,
            merged.duplicateId,
            merged.survivorId,
            event.sequence,
            fields,
            absent,
          );
          await this.planner.planContact(contactId, cause);
        }
        return;
      }
      case type('customers', purchaseRecorded.name): {
        const purchase = purchaseRecorded.schema.parse(data);
        await this.followUps.purchaseRecorded(
          {
            customerId: purchase.customerId,
            sourceEventId: event.id,
            correlationId: cause.correlationId,
          },
          new Date(purchase.occurredAt),
        );
        return;
      }
      case type('customers', keyAccountDesignated.name): {
        const designated = keyAccountDesignated.schema.parse(data);
        await this.followUps.keyAccountDesignated(
          {
            customerId: designated.customerId,
            sourceEventId: event.id,
            keyAccountManagerId: designated.keyAccountManagerId,
            correlationId: cause.correlationId,
          },
          new Date(designated.designatedAt),
        );
        return;
      }
      case type('customers', keyAccountRetired.name): {
        const retired = keyAccountRetired.schema.parse(data);
        await this.followUps.keyAccountRetired(
          {
            customerId: retired.customerId,
            sourceEventId: event.id,
            correlationId: cause.correlationId,
          },
          new Date(retired.retiredAt),
        );
        return;
      }
      case type('visits', visitCompleted.name): {
        const visit = visitCompleted.schema.parse(data);
        await this.followUps.schedule({
          rule: 'visit_completed',
          reason: 'visit_completed',
          customerId: visit.customerId,
          sourceId: visit.visitId,
          sourceEventId: event.id,
          from: new Date(visit.completedAt),
          repId: visit.repId,
          correlationId: cause.correlationId,
        });
        return;
      }
      case type('complaints', complaintRecorded.name): {
        const recorded = complaintRecorded.schema.parse(data);
        await this.directory.upsertNewer(
          this.directory.complaints,
          recorded.complaintId,
          event.sequence,
          {
            customerId: recorded.customerId,
            complaintId: recorded.complaintId,
            category: recorded.category,
            severity: recorded.severity,
          },
        );
        return;
      }
      case type('complaints', complaintClosed.name): {
        const closed = complaintClosed.schema.parse(data);
        if (!event.customerid) return;
        // The call names the complaint and what it was about (its recording came first, same key).
        const about = (await this.directory.complaint(closed.complaintId)) ?? {
          complaintId: closed.complaintId,
        };
        // One satisfaction call per closing: a reopened and closed again complaint gets another.
        await this.followUps.schedule({
          rule: 'complaint_closed',
          reason: 'complaint_closed',
          customerId: event.customerid,
          sourceId: event.id,
          sourceEventId: event.id,
          from: new Date(closed.at),
          about,
          correlationId: cause.correlationId,
        });
        return;
      }
      case type('analytics', customerTierChanged.name): {
        const changed = customerTierChanged.schema.parse(data);
        const applied = await this.directory.upsertNewer(
          this.directory.tiers,
          changed.customerId,
          Date.parse(changed.effectiveAt),
          { tier: changed.tier },
        );
        // The tier decides the channel: pending greetings move to the new one.
        if (applied) {
          for (const contact of await this.directory.contactsOf(changed.customerId)) {
            await this.planner.planContact(contact._id, cause);
          }
        }
        return;
      }
      case LIFECYCLE_CHANGED: {
        const changed = customerLifecycleChanged.schema.parse(data);
        const { stage } = changed;
        const customer = {
          customerId: changed.customerId,
          sourceEventId: event.id,
          correlationId: cause.correlationId,
        };
        if (!(stage in REACTIVATION)) {
          await this.followUps.lifecycleChanged(customer, stage);
          return;
        }
        const reason = REACTIVATION[stage as keyof typeof REACTIVATION];
        await this.followUps.schedule({
          rule: 'reactivation',
          reason,
          customerId: changed.customerId,
          sourceId: reactivationSourceOf(changed.customerId, event.id),
          sourceEventId: event.id,
          from: new Date(event.time),
          correlationId: cause.correlationId,
        });
        return;
      }
      default:
        return;
    }
  }
}
