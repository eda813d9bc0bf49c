import { Injectable } from '@nestjs/common';
import { MongoServerError, type Collection, type Filter } from 'mongodb';
import {
  contactAdded,
  contactRemoved,
  contactUpdated,
  customerErased,
  customerMerged,
  ERASED_TEXT,
  parseEventType,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { type Projection } from '@crm/projections';

export const GREETING_CONTACTS = 'engagement-greeting-contacts';

/** A contact's name, as the greeting list shows it: a placeholder once the customer is erased. */
export interface GreetingContactDocument {
  _id: string;
  customerId: string;
  name: string;
  removed: boolean;
  erased?: boolean;
  /** The last version of the customer's stream applied: older or repeated events change nothing. */
  seq: number;
  /** The merged-away customer it was carried over from: that stream's events apply no more. */
  movedFrom?: string;
}

const DUPLICATE_KEY = 11000;

/**
 * The names of the contacts greetings are for, from the customers topic. A contact's events come
 * on its customer's stream among that customer's other events, so a document keeps the newest
 * version it applied (not the next one expected), as engagement's own directory of contacts does.
 */
@Injectable()
export class GreetingContactsProjection implements Projection<GreetingContactDocument> {
  readonly name = GREETING_CONTACTS;
  readonly topics = [Topics.customers];

  async ensureIndexes(target: Collection<GreetingContactDocument>): Promise<void> {
    // Serves the erasure of a customer: its contacts' names go.
    await target.createIndex({ customerId: 1 }, { name: 'customer' });
  }

  async apply(event: CloudEvent, target: Collection<GreetingContactDocument>): Promise<boolean> {
    const seq = event.sequence;
    switch (parseEventType(event.type)?.name) {
      case contactAdded.name: {
        const added = contactAdded.schema.parse(event.data);
        return this.onStream(target, added.contactId, added.customerId, seq, {
          name: added.contact.name,
          removed: false,
        });
      }
      case contactUpdated.name: {
        const updated = contactUpdated.schema.parse(event.data);
        const name = updated.changes.name;
        return this.onStream(
          target,
          updated.contactId,
          updated.customerId,
          seq,
          typeof name === 'string' ? { name } : {},
        );
      }
      case contactRemoved.name: {
        const removed = contactRemoved.schema.parse(event.data);
        return this.onStream(target, removed.contactId, removed.customerId, seq, {
          removed: true,
        });
      }
      case customerErased.name: {
        const erased = customerErased.schema.parse(event.data);
        let changed = false;
        for (const contact of await target
          .find({ customerId: erased.customerId }, { projection: { _id: 1 } })
          .toArray()) {
          changed =
            (await this.onStream(target, contact._id, erased.customerId, seq, {
              name: ERASED_TEXT,
              erased: true,
            })) || changed;
        }
        return changed;
      }
      case customerMerged.name: {
        // The survivor's record carries the duplicate's contacts: they are the survivor's now.
        const merged = customerMerged.schema.parse(event.data);
        if (merged.role !== 'survivor') return false;
        let changed = false;
        for (const { contactId, contact } of merged.carried?.contacts ?? []) {
          changed =
            (await this.upsert(
              target,
              {
                _id: contactId,
                $or: [{ movedFrom: { $ne: merged.duplicateId } }, { seq: { $lt: seq } }],
              },
              {
                customerId: merged.survivorId,
                movedFrom: merged.duplicateId,
                name: contact.name,
                removed: false,
                seq,
              },
            )) || changed;
        }
        return changed;
      }
      default:
        return false;
    }
  }

  /** An event of `customerId`'s stream, applied if newer, unless the contact moved away from it. */
  private onStream(
    target: Collection<GreetingContactDocument>,
    contactId: string,
    customerId: string,
    seq: number,
    set: Partial<GreetingContactDocument>,
  ): Promise<boolean> {
    return this.upsert(
      target,
      {
        _id: contactId,
        movedFrom: { $ne: customerId },
        $or: [{ seq: { $lt: seq } }, { seq: { $exists: false } }],
      },
      { ...set, customerId, seq },
    );
  }

  private async upsert(
    target: Collection<GreetingContactDocument>,
    filter: Filter<GreetingContactDocument>,
    set: Partial<GreetingContactDocument>,
  ): Promise<boolean> {
    try {
      const result = await target.updateOne(filter, { $set: set }, { upsert: true });
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      // Older, repeated or moved away: the filter missed the contact and the insert collides.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
