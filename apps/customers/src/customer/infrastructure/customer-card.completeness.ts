import type { Collection } from 'mongodb';
import type { CustomerEvent } from '@crm/contracts';
import {
  completenessOf,
  PROFILE_CHECKS,
  type ContactFacts,
} from '@apps/customers/src/customer/domain/card-completeness';
import type {
  CompletenessFields,
  CustomerCardDocument,
  StoredCardFacts,
} from './customer-card.schema';

/**
 * The card's completeness (D1) after an event that changes what it checks: the presence of each
 * checked field and each contact's phone and buying role are kept (never a value), and the score
 * is recomputed from them, so a replay of the events gives the same figures.
 */
export async function completenessChanges(
  cards: Collection<CustomerCardDocument>,
  event: CustomerEvent,
  customerId: string,
): Promise<Partial<CompletenessFields>> {
  const facts = await nextCardFacts(cards, event, customerId);
  if (facts === undefined) return {};
  const result = completenessOf({
    filled: facts.filled,
    contacts: Object.values(facts.contacts),
  });
  return {
    cardFacts: facts,
    completeness: {
      ...result,
      missing: [...result.missing],
    },
  };
}

const filledBy = (
  fields: Readonly<Record<string, unknown>>,
  before: StoredCardFacts['filled'],
): StoredCardFacts['filled'] =>
  Object.fromEntries(
    PROFILE_CHECKS.map((field) => [
      field,
      field in fields && fields[field] !== undefined
        ? fields[field] !== null && fields[field] !== ''
        : (before[field] ?? false),
    ]),
  ) as StoredCardFacts['filled'];

const contactFacts = (contact: {
  readonly phone?: string | null | undefined;
  readonly buyingRole?: string | null | undefined;
}): ContactFacts => ({ phone: Boolean(contact.phone), buyingRole: contact.buyingRole ?? null });

async function nextCardFacts(
  cards: Collection<CustomerCardDocument>,
  event: CustomerEvent,
  customerId: string,
): Promise<StoredCardFacts | undefined> {
  if (event.type === 'CustomerRegistered') {
    return { filled: filledBy(event.data, {} as StoredCardFacts['filled']), contacts: {} };
  }
  const touches =
    event.type === 'CustomerProfileUpdated' ||
    event.type === 'ContactAdded' ||
    event.type === 'ContactUpdated' ||
    event.type === 'ContactRemoved' ||
    (event.type === 'CustomerMerged' && event.data.role === 'survivor');
  if (!touches) return undefined;
  const current = await cards.findOne({ _id: customerId }, { projection: { cardFacts: 1 } });
  const before: StoredCardFacts = current?.cardFacts ?? {
    filled: filledBy({}, {} as StoredCardFacts['filled']),
    contacts: {},
  };
  const contacts = { ...before.contacts };
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return { filled: filledBy(event.data.changes, before.filled), contacts };
    case 'ContactAdded':
      contacts[event.data.contactId] = contactFacts(event.data.contact);
      break;
    case 'ContactUpdated': {
      const { changes, contactId } = event.data;
      const was = contacts[contactId] ?? { phone: false, buyingRole: null };
      contacts[contactId] = {
        phone: changes.phone === undefined ? was.phone : changes.phone !== null,
        buyingRole: changes.buyingRole === undefined ? was.buyingRole : changes.buyingRole,
      };
      break;
    }
    case 'ContactRemoved':
      delete contacts[event.data.contactId];
      break;
    case 'CustomerMerged':
      for (const { contactId, contact } of event.data.carried?.contacts ?? []) {
        contacts[contactId] = contactFacts(contact);
      }
      break;
    default:
      break;
  }
  return { filled: before.filled, contacts };
}
