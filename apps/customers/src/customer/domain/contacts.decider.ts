import type { ContactChanges, ContactData, CustomerEvent } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import {
  effectiveChanges,
  patched,
  type CommandOf,
  type Contact,
  type EventOf,
  type RegisteredState,
} from './customer.state';

/** D1: the people at the customer, added, corrected and removed one by one. */
export type ContactCommand =
  | CommandOf<'AddContact', { readonly contactId: string; readonly contact: ContactData }>
  | CommandOf<'UpdateContact', { readonly contactId: string; readonly changes: ContactChanges }>
  | CommandOf<'RemoveContact', { readonly contactId: string }>;

export type ContactEvent = EventOf<'ContactAdded' | 'ContactUpdated' | 'ContactRemoved'>;

export function decideContacts(command: ContactCommand, state: RegisteredState): CustomerEvent[] {
  const { customerId } = state;
  const now = command.now.toISOString();
  switch (command.type) {
    case 'AddContact':
      return [{ type: 'ContactAdded', data: { customerId, ...command.data, addedAt: now } }];
    case 'UpdateContact': {
      const contact = contactOf(state, command.data.contactId);
      // Only what differs from the card is recorded; a correction that changes nothing is no event.
      const changes = effectiveChanges(contact, command.data.changes);
      if (Object.keys(changes).length === 0) return [];
      return [
        {
          type: 'ContactUpdated',
          data: { customerId, contactId: contact.contactId, changes, updatedAt: now },
        },
      ];
    }
    case 'RemoveContact':
      contactOf(state, command.data.contactId);
      return [
        {
          type: 'ContactRemoved',
          data: { customerId, contactId: command.data.contactId, removedAt: now },
        },
      ];
  }
}

export function evolveContacts(state: RegisteredState, event: ContactEvent): RegisteredState {
  switch (event.type) {
    case 'ContactAdded':
      return {
        ...state,
        contacts: {
          ...state.contacts,
          [event.data.contactId]: { contactId: event.data.contactId, ...event.data.contact },
        },
      };
    case 'ContactUpdated': {
      const contact = state.contacts[event.data.contactId];
      if (!contact) return state;
      return {
        ...state,
        contacts: { ...state.contacts, [contact.contactId]: patched(contact, event.data.changes) },
      };
    }
    case 'ContactRemoved': {
      const { [event.data.contactId]: _, ...contacts } = state.contacts;
      return { ...state, contacts };
    }
  }
}

function contactOf(state: RegisteredState, contactId: string): Contact {
  const contact = state.contacts[contactId];
  if (!contact) {
    throw new CustomerError(CustomerErrorCode.ContactNotFound, `contact ${contactId} not found`, {
      contactId,
    });
  }
  return contact;
}
