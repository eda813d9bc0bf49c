import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  contactAdded,
  contactRemoved,
  contactUpdated,
  customerErased,
  customerMerged,
  ERASED_TEXT,
  eventRegistry,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import type { Projection } from '@crm/projections';
import type { GreetingContact } from '@apps/analytics/src/engagement/domain/greeting-calendar';
import { olderThan, upsertGuarded } from './guarded-upsert';

export const ENGAGEMENT_CONTACTS = 'engagement-contacts';

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

const customers = (name: string): string => eventRegistry.typeOf('customers', name);
const ACCEPTED = new Set(
  [contactAdded, contactUpdated, contactRemoved, customerErased, customerMerged].map((event) =>
    customers(event.name),
  ),
);

/**
 * The contacts greetings are planned for (names, dates, time zone, consent), from the customers
 * topic. A contact's events come on its customer's stream among that customer's other events, so
 * a document keeps the newest version it applied (`seq`), not the next one expected.
 */
@Injectable()
export class EngagementContactsProjection implements Projection<ContactDocument> {
  readonly name = ENGAGEMENT_CONTACTS;
  readonly topics = [Topics.customers];
  /** Where it lived before it was a projection. */
  readonly collection = 'engagement_contacts';
  readonly accepts = (type: string): boolean => ACCEPTED.has(type);

  async ensureIndexes(target: Collection<ContactDocument>): Promise<void> {
    // Serves contactsOf (a tier change re-plans the customer's contacts; an erasure erases them).
    await target.createIndex({ customerId: 1 }, { name: 'customer' });
  }

  async apply(event: CloudEvent, target: Collection<ContactDocument>): Promise<void> {
    const seq = event.sequence;
    switch (event.type) {
      case customers(contactAdded.name): {
        const added = contactAdded.schema.parse(event.data);
        const { fields, absent } = contactFieldsOf(added.contact);
        const set = { removed: false, ...fields };
        await this.onStream(target, added.contactId, added.customerId, seq, set, absent);
        return;
      }
      case customers(contactUpdated.name): {
        const updated = contactUpdated.schema.parse(event.data);
        const set: Record<string, unknown> = {};
        const unset: string[] = [];
        for (const field of CONTACT_FIELDS) {
          if (!(field in updated.changes)) continue;
          const value = updated.changes[field];
          if (value === null || value === undefined) unset.push(field);
          else set[field] = value;
        }
        await this.onStream(target, updated.contactId, updated.customerId, seq, set, unset);
        return;
      }
      case customers(contactRemoved.name): {
        const removed = contactRemoved.schema.parse(event.data);
        await this.onStream(target, removed.contactId, removed.customerId, seq, { removed: true });
        return;
      }
      case customers(customerErased.name): {
        // Erasure: every contact of the customer loses its personal data (removed ones too).
        const erased = customerErased.schema.parse(event.data);
        const contacts = await target
          .find({ customerId: erased.customerId }, { projection: { _id: 1 } })
          .toArray();
        const personal = CONTACT_FIELDS.filter((field) => field !== 'name' && field !== 'optedOut');
        for (const contact of contacts) {
          const set = { removed: true, name: ERASED_TEXT };
          await this.onStream(target, contact._id, erased.customerId, seq, set, personal);
        }
        return;
      }
      case customers(customerMerged.name): {
        // The survivor's record carries the duplicate's contacts (opened with the survivor's key):
        // they are the survivor's from now on. The duplicate's own record changes nothing.
        const merged = customerMerged.schema.parse(event.data);
        if (merged.role !== 'survivor') return;
        for (const { contactId, contact } of merged.carried?.contacts ?? []) {
          const { fields, absent } = contactFieldsOf(contact);
          // The first time whatever the contact's old version; again only when newer than what
          // the survivor's stream applied since.
          await upsertGuarded(
            target,
            {
              _id: contactId,
              $or: [{ movedFrom: { $ne: merged.duplicateId } }, { seq: { $lt: seq } }],
            },
            {
              ...fields,
              customerId: merged.survivorId,
              movedFrom: merged.duplicateId,
              removed: false,
              seq,
            },
            absent,
          );
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * A contact event of `customerId`'s stream, applied if newer, unless the contact has since been
   * carried over from that customer to another (its old stream's versions do not count any more).
   */
  private onStream(
    target: Collection<ContactDocument>,
    contactId: string,
    customerId: string,
    seq: number,
    set: Partial<ContactDocument>,
    unset: readonly string[] = [],
  ): Promise<boolean> {
    return upsertGuarded(
      target,
      { _id: contactId, movedFrom: { $ne: customerId }, ...olderThan(seq) },
      { ...set, customerId, seq },
      unset,
    );
  }
}
