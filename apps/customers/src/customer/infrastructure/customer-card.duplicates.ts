import type { Collection } from 'mongodb';
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

/** Cards sharing any of these duplicate keys, except `exceptId`. */
export const duplicatesIn = (
  cards: Collection<CustomerCardDocument>,
  keys: readonly string[],
  exceptId: string,
): Promise<CustomerCardDocument[]> =>
  keys.length === 0
    ? Promise.resolve([])
    : cards
        .find({ dupKeys: { $in: [...keys] }, _id: { $ne: exceptId } })
        .sort({ _id: 1 })
        .limit(100)
        .toArray();

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
 * id; the dupKeys index serves each equality): only their flags can name it, so only they are set
 * again when its keys or dismissals change.
 */
export async function laterHolders(
  cards: Collection<CustomerCardDocument>,
  keys: readonly string[],
  customerId: string,
): Promise<string[]> {
  const ids = new Set<string>();
  for (const key of new Set(keys)) {
    const holders = await cards
      .find({ dupKeys: key, _id: { $gt: customerId } }, { projection: { _id: 1 } })
      .toArray();
    for (const holder of holders) ids.add(holder._id);
  }
  return [...ids];
}

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
    const earlier = (await duplicatesIn(cards, card.dupKeys ?? [], customerId))
      .filter(
        (other) =>
          other._id < customerId &&
          !dismissed.includes(other._id) &&
          !(other.dismissedDuplicates ?? []).includes(customerId),
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
