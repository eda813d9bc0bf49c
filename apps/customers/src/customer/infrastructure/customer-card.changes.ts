import type { Collection } from 'mongodb';
import { ERASED_TEXT, type CustomerEvent } from '@crm/contracts';
import type { CustomerCardDocument } from './customer-card.schema';
import {
  currentDuplicateKeys,
  dismissedOf,
  duplicateFields,
  IDENTIFYING_FIELDS,
  NO_DUPLICATE_KEYS,
} from './customer-card.duplicates';

/** D2's fund band of an expected annual purchase (null without one). */
export type FundBandOf = (expected: number | null | undefined) => string | null;

/**
 * The card fields one customer event changes (the profile, the owner, contact names, the
 * key-account mark, erasure, dismissals, merges); an event that changes nothing listed still
 * advances `applied`. Completeness and duplicate flags are set beside these.
 */
export async function changesFor(
  cards: Collection<CustomerCardDocument>,
  event: CustomerEvent,
  customerId: string,
  fundBand: FundBandOf,
): Promise<Record<string, unknown> | undefined> {
  switch (event.type) {
    case 'CustomerRegistered': {
      const d = event.data;
      return {
        name: d.name,
        nameKey: d.name.toLowerCase(),
        code: d.code ?? null,
        codeKey: d.code?.toLowerCase() ?? null,
        nature: d.nature,
        region: d.region,
        city: d.city ?? null,
        ownerId: d.ownerId,
        keyAccountManagerId: d.keyAccountManagerId ?? null,
        transactionStage: d.transactionStage ?? null,
        fundBand: fundBand(d.expectedAnnualPurchase),
        isKeyAccount: false,
        contactNameById: {},
        contactNames: [],
        registeredAt: new Date(d.registeredAt),
        ...duplicateFields({}, d),
      };
    }
    case 'CustomerProfileUpdated': {
      const c = event.data.changes;
      return {
        ...(c.name !== undefined ? { name: c.name, nameKey: c.name.toLowerCase() } : {}),
        ...(c.code !== undefined ? { code: c.code, codeKey: c.code?.toLowerCase() ?? null } : {}),
        ...(c.nature !== undefined ? { nature: c.nature } : {}),
        ...(c.region !== undefined ? { region: c.region } : {}),
        ...(c.city !== undefined ? { city: c.city } : {}),
        ...(c.transactionStage !== undefined ? { transactionStage: c.transactionStage } : {}),
        ...(c.expectedAnnualPurchase !== undefined
          ? { fundBand: fundBand(c.expectedAnnualPurchase) }
          : {}),
        ...(IDENTIFYING_FIELDS.some((kind) => kind in c)
          ? duplicateFields(await currentDuplicateKeys(cards, customerId), c)
          : {}),
      };
    }
    case 'CustomerOwnerAssigned':
      return { ownerId: event.data.ownerId, keyAccountManagerId: event.data.keyAccountManagerId };
    case 'ContactAdded':
    case 'ContactUpdated':
    case 'ContactRemoved':
      return contactNamesAfter(cards, event, customerId);
    case 'KeyAccountDesignated':
      return { isKeyAccount: true };
    case 'KeyAccountRetired':
      return { isKeyAccount: false };
    case 'CustomerErased':
      // Nothing personal stays: the name, contact names and the duplicate index go.
      return {
        name: ERASED_TEXT,
        nameKey: null,
        contactNameById: {},
        contactNames: [],
        ...NO_DUPLICATE_KEYS,
        erasedAt: new Date(event.data.erasedAt),
      };
    case 'PossibleDuplicateDismissed': {
      const dismissed = await dismissedOf(cards, customerId);
      // Both cards' flags are set again afterwards (refreshFlags).
      return {
        dismissedDuplicates: [...new Set([...dismissed, event.data.otherCustomerId])],
      };
    }
    case 'CustomerMerged':
      return event.data.role === 'duplicate'
        ? { mergedInto: event.data.survivorId, ...NO_DUPLICATE_KEYS }
        : absorbed(cards, customerId, event.data);
    default:
      return {};
  }
}

/** The lower-cased contact names list searches match, after a contact was added, changed or removed. */
async function contactNamesAfter(
  cards: Collection<CustomerCardDocument>,
  event: Extract<CustomerEvent, { type: 'ContactAdded' | 'ContactUpdated' | 'ContactRemoved' }>,
  customerId: string,
): Promise<Record<string, unknown>> {
  const current = await cards.findOne({ _id: customerId }, { projection: { contactNameById: 1 } });
  const names = { ...(current?.contactNameById ?? {}) };
  if (event.type === 'ContactAdded')
    names[event.data.contactId] = event.data.contact.name.toLowerCase();
  if (event.type === 'ContactUpdated' && event.data.changes.name !== undefined) {
    names[event.data.contactId] = event.data.changes.name.toLowerCase();
  }
  if (event.type === 'ContactRemoved') delete names[event.data.contactId];
  return { contactNameById: names, contactNames: [...new Set(Object.values(names))] };
}

/** The survivor's card: the duplicate's contacts join it, and it is no longer a duplicate of it. */
async function absorbed(
  cards: Collection<CustomerCardDocument>,
  customerId: string,
  data: Extract<CustomerEvent, { type: 'CustomerMerged' }>['data'],
): Promise<Record<string, unknown>> {
  const current = await cards.findOne({ _id: customerId }, { projection: { contactNameById: 1 } });
  const names = { ...(current?.contactNameById ?? {}) };
  for (const { contactId, contact } of data.carried?.contacts ?? []) {
    names[contactId] = contact.name.toLowerCase();
  }
  // Its flag on the duplicate goes when the duplicate's keys go (refreshFlags).
  return { contactNameById: names, contactNames: [...new Set(Object.values(names))] };
}
