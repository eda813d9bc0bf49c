import type { Collection, Document, Filter } from 'mongodb';
import type { CustomerEvent } from '@crm/contracts';
import {
  duplicateKeysOf,
  type IdentifyingFields,
} from '@apps/customers/src/customer/domain/duplicate-keys';
import type { CustomerCardDocument } from './customer-card.schema';

/** A card that holds no duplicate keys (erased, merged away) and so is nobody's duplicate. */
export const NO_DUPLICATE_KEYS = {
  dupKeyByKind: {},
  dupKeys: [],
  possibleDuplicateOf: [],
  hasPossibleDuplicates: false,
} as const;

/** The profile fields duplicate keys are made of. */
export const IDENTIFYING_FIELDS = ['name', 'phone', 'email', 'taxNumber'] as const;

/** The customer events that change a card's duplicate keys or dismissals, so its flags and others'. */
const DUPLICATE_INPUTS: ReadonlySet<string> = new Set([
  'CustomerRegistered',
  'CustomerProfileUpdated',
  'CustomerErased',
  'PossibleDuplicateDismissed',
  'CustomerMerged',
]);

/** Whether the event may change duplicate flags: this card's and those of the cards it shares keys with. */
export const touchesFlags = (event: CustomerEvent): boolean =>
  event.type === 'CustomerProfileUpdated'
    ? IDENTIFYING_FIELDS.some((field) => field in event.data.changes)
    : DUPLICATE_INPUTS.has(event.type);

/** How many cards a duplicate list names at most (the earliest registered). */
const MOST_DUPLICATES = 100;

/**
 * The cards holding any of these keys that also match `filter`, earliest registered first, at most
 * `limit`. One equality query per key (a card has at most four), side by side: FerretDB serves an
 * equality from the dupKeys index, where `$in` would read every card on each registration.
 */
async function holdersOfAny<T extends Pick<CustomerCardDocument, '_id'>>(
  cards: Collection<CustomerCardDocument>,
  keys: readonly string[],
  filter: Filter<CustomerCardDocument>,
  projection?: Document,
  limit?: number,
): Promise<T[]> {
  const perKey = await Promise.all(
    [...new Set(keys)].map((key) => {
      const cursor = cards.find<T>({ ...filter, dupKeys: key }, { projection }).sort({ _id: 1 });
      return (limit === undefined ? cursor : cursor.limit(limit)).toArray();
    }),
  );
  const byId = new Map(perKey.flat().map((card) => [card._id, card]));
  const earliestFirst = [...byId.values()].sort((x, y) => (x._id < y._id ? -1 : 1));
  return limit === undefined ? earliestFirst : earliestFirst.slice(0, limit);
}

/** Cards sharing any of these duplicate keys, except `exceptId`. */
export const duplicatesIn = (
  cards: Collection<CustomerCardDocument>,
  keys: readonly string[],
  exceptId: string,
): Promise<CustomerCardDocument[]> =>
  holdersOfAny(cards, keys, { _id: { $ne: exceptId } }, undefined, MOST_DUPLICATES);

/** The card's duplicate keys as stored now. */
export async function keysOf(
  cards: Collection<CustomerCardDocument>,
  customerId: string,
): Promise<string[]> {
  const card = await cards.findOne({ _id: customerId }, { projection: { dupKeys: 1 } });
  return card?.dupKeys ?? [];
}

/**
 * Ids of the cards holding any of these keys that were registered after `customerId` (a greater
 * id): only their flags can name it, so only they are set again when its keys or dismissals
 * change. A registration, the newest id, sets no other card's flags, however many share its name.
 */
export const laterHolders = async (
  cards: Collection<CustomerCardDocument>,
  keys: readonly string[],
  customerId: string,
): Promise<string[]> =>
  (await holdersOfAny(cards, keys, { _id: { $gt: customerId } }, { _id: 1 })).map(
    (holder) => holder._id,
  );

/** The earliest cards registered before `customerId` sharing one of its keys, with their dismissals. */
const earlierSharing = (
  cards: Collection<CustomerCardDocument>,
  keys: readonly string[],
  customerId: string,
): Promise<Pick<CustomerCardDocument, '_id' | 'dismissedDuplicates'>[]> =>
  holdersOfAny(
    cards,
    keys,
    { _id: { $lt: customerId } },
    { dismissedDuplicates: 1 },
    MOST_DUPLICATES,
  );

/**
 * Sets each card's flags from the cards as they are now (ADR 143): a card is a possible
 * duplicate of every earlier-registered card (a smaller id: UUIDv7) sharing one of its keys,
 * unless either card dismissed the pair. Merged-away and erased cards hold no keys. The flags are
 * a function of every card's keys and dismissals, not of the order their events were applied:
 * whenever an event changes a card's keys or dismissals, it and every later card that shared a
 * key with it before or after are set again (an earlier card's flags cannot name it), so a
 * rebuild reading partitions in another order than live ends with the same flags.
 */
export async function refreshFlags(
  cards: Collection<CustomerCardDocument>,
  customerIds: readonly string[],
): Promise<void> {
  for (const customerId of new Set(customerIds)) {
    const card = await cards.findOne(
      { _id: customerId },
      { projection: { dupKeys: 1, dismissedDuplicates: 1 } },
    );
    if (!card) continue;
    const dismissed = card.dismissedDuplicates ?? [];
    const earlier = (await earlierSharing(cards, card.dupKeys ?? [], customerId))
      .filter(
        (other) =>
          !dismissed.includes(other._id) && !(other.dismissedDuplicates ?? []).includes(customerId),
      )
      .map((other) => other._id);
    await cards.updateOne(
      { _id: customerId },
      { $set: { possibleDuplicateOf: earlier, hasPossibleDuplicates: earlier.length > 0 } },
    );
  }
}

export async function currentDuplicateKeys(
  cards: Collection<CustomerCardDocument>,
  customerId: string,
): Promise<Record<string, string>> {
  const current = await cards.findOne({ _id: customerId }, { projection: { dupKeyByKind: 1 } });
  return current?.dupKeyByKind ?? {};
}

export async function dismissedOf(
  cards: Collection<CustomerCardDocument>,
  customerId: string,
): Promise<readonly string[]> {
  const current = await cards.findOne(
    { _id: customerId },
    { projection: { dismissedDuplicates: 1 } },
  );
  return current?.dismissedDuplicates ?? [];
}

/**
 * The card's duplicate keys after a change (its flags are set by refreshFlags).
 */
export function duplicateFields(
  current: Record<string, string>,
  changes: IdentifyingFields,
): Record<string, unknown> {
  const byKind: Record<string, string> = { ...current };
  const fresh = duplicateKeysOf(changes);
  for (const kind of IDENTIFYING_FIELDS) {
    if (changes[kind] === undefined) continue;
    const key = fresh[kind];
    if (key === undefined) delete byKind[kind];
    else byKind[kind] = key;
  }
  // The flags follow in refreshFlags, once the keys are stored.
  return { dupKeyByKind: byKind, dupKeys: Object.values(byKind) };
}
