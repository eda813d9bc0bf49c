import { ERASED_TEXT, type CustomerEvent } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import type { CommandOf, EventOf, RegisteredState } from './customer.state';

type Erased = EventOf<'CustomerErased'>['data'];

/**
 * Erasure (D1: personal data is accountable): a customer's personal data is erased on request,
 * once; the ledger stays (purchases and points are not personal), and so does the stream —
 * the data key is destroyed (crypto-shredding, ADR 11).
 */
export type ErasureCommand = CommandOf<
  'EraseCustomer',
  Pick<Erased, 'reason' | 'requestReference'>
>;

export function decideErasure(command: ErasureCommand, state: RegisteredState): CustomerEvent[] {
  // Erasure is one-way: a second request is refused (409) and records nothing.
  if (state.erasedAt !== null) {
    throw new CustomerError(CustomerErrorCode.Erased, 'the customer has already been erased', {
      currentState: 'erased',
      allowed: ['purchases', 'points'],
    });
  }
  return [
    {
      type: 'CustomerErased',
      data: { customerId: state.customerId, ...command.data, erasedAt: command.now.toISOString() },
    },
  ];
}

/** What an erased customer still takes: its ledger, and a new owner when its rep leaves. */
const AFTER_ERASURE: readonly string[] = [
  'EraseCustomer',
  'HandOver',
  'RecordPurchase',
  'ReversePurchase',
  'RedeemPoints',
  'ExpirePoints',
];

/** A merged customer is read-only (it may still be erased); an erased one keeps only its ledger. */
export function assertWritable(state: RegisteredState, command: string): void {
  if (state.erasedAt !== null && !AFTER_ERASURE.includes(command)) {
    throw new CustomerError(CustomerErrorCode.Erased, 'the customer has been erased', {
      currentState: 'erased',
      allowed: ['purchases', 'points'],
    });
  }
  if (state.mergedInto !== null && command !== 'EraseCustomer' && command !== 'MergeInto') {
    throw new CustomerError(
      CustomerErrorCode.Merged,
      `the customer was merged into ${state.mergedInto}: change the survivor`,
      { currentState: 'merged', mergedInto: state.mergedInto, allowed: ['erase'] },
    );
  }
}

/** The state without personal data (what the stream reads as once the data key is gone). */
export function evolveErasure(
  state: RegisteredState,
  event: EventOf<'CustomerErased'>,
): RegisteredState {
  const { address: _a, phone: _p, email: _e, website: _w, taxNumber: _t, ...rest } = state;
  const contacts = Object.fromEntries(
    Object.values(state.contacts).map((contact) => {
      const {
        title: _ti,
        phone: _ph,
        email: _em,
        wechat: _we,
        birthday: _bi,
        anniversaries: _an,
        ...kept
      } = contact;
      return [contact.contactId, { ...kept, name: ERASED_TEXT }];
    }),
  );
  return { ...rest, name: ERASED_TEXT, contacts, erasedAt: event.data.erasedAt };
}
