import { moneyFromData, moneyToData, type CustomerEvent } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import { orderKeyOf, type CommandOf, type EventOf, type RegisteredState } from './customer.state';

/**
 * Duplicates (D1: one card per customer): a duplicate is merged into a survivor — the duplicate
 * becomes read-only, the survivor carries its purchases, points and contacts; a key account is
 * retired before it can be merged away. A pair a reviewer dismissed is not suggested again.
 */
export type MergeCommand =
  | CommandOf<'MergeInto', { readonly survivorId: string }>
  | CommandOf<'AbsorbDuplicate', { readonly duplicate: RegisteredState }>
  | CommandOf<'DismissDuplicate', { readonly otherCustomerId: string }>;

export type MergeEvent = EventOf<'CustomerMerged' | 'PossibleDuplicateDismissed'>;

export function decideMerge(command: MergeCommand, state: RegisteredState): CustomerEvent[] {
  const { customerId } = state;
  const now = command.now.toISOString();
  switch (command.type) {
    case 'MergeInto':
      if (state.mergedInto === command.data.survivorId) return [];
      if (state.keyAccount) {
        throw new CustomerError(
          CustomerErrorCode.MergeNotAllowed,
          'a key account cannot be merged away: retire it first',
          { currentState: 'key_account', allowed: ['retire'] },
        );
      }
      if (command.data.survivorId === customerId) {
        throw new CustomerError(
          CustomerErrorCode.MergeNotAllowed,
          'a customer cannot be merged into itself',
          { customerId },
        );
      }
      return [
        {
          type: 'CustomerMerged',
          data: {
            customerId,
            role: 'duplicate',
            duplicateId: customerId,
            survivorId: command.data.survivorId,
            mergedAt: now,
          },
        },
      ];
    case 'AbsorbDuplicate':
      return decideAbsorb(state, command.data.duplicate, now);
    case 'DismissDuplicate':
      if (state.notDuplicates.includes(command.data.otherCustomerId)) return [];
      if (command.data.otherCustomerId === customerId) {
        throw new CustomerError(
          CustomerErrorCode.MergeNotAllowed,
          'a customer is not a duplicate of itself',
          { customerId },
        );
      }
      return [
        {
          type: 'PossibleDuplicateDismissed',
          data: { customerId, otherCustomerId: command.data.otherCustomerId, dismissedAt: now },
        },
      ];
  }
}

/** The survivor's side of a merge: the duplicate's purchases, points, vouchers and contacts move over. */
function decideAbsorb(
  state: RegisteredState,
  duplicate: RegisteredState,
  now: string,
): CustomerEvent[] {
  if (state.absorbed.includes(duplicate.customerId)) return [];
  if (duplicate.customerId === state.customerId || duplicate.mergedInto !== state.customerId) {
    throw new CustomerError(
      CustomerErrorCode.MergeNotAllowed,
      `customer ${duplicate.customerId} is not being merged into ${state.customerId}`,
      { duplicateId: duplicate.customerId, survivorId: state.customerId },
    );
  }
  const orderKeyById = Object.fromEntries(
    Object.entries(duplicate.orderKeys).map(([key, purchaseId]) => [purchaseId, key]),
  );
  const purchases = Object.entries(duplicate.purchases).flatMap(([purchaseId, p]) => {
    const [sourceSystem, orderReference] = (orderKeyById[purchaseId] ?? '').split('\n');
    if (!sourceSystem || !orderReference) return [];
    return [
      {
        purchaseId,
        amount: moneyToData(p.amount),
        booked: moneyToData(p.booked),
        refunded: moneyToData({ minor: p.refundedMinor, currency: p.amount.currency }),
        refundedBooked: moneyToData({ minor: p.refundedBookedMinor, currency: p.booked.currency }),
        occurredAt: p.occurredAt,
        sourceSystem,
        orderReference,
        pointsEarned: p.pointsEarned,
        pointsReversed: p.pointsReversed,
      },
    ];
  });
  return [
    {
      type: 'CustomerMerged',
      data: {
        customerId: state.customerId,
        role: 'survivor',
        duplicateId: duplicate.customerId,
        survivorId: state.customerId,
        carried: {
          purchases,
          revenue: {
            minor: duplicate.revenueMinor.toString(),
            currency: bookedCurrencyOf(duplicate),
          },
          pointsBalance: duplicate.pointsBalance,
          pointsUsed: duplicate.pointsUsed,
          // D11: its vouchers stay usable on the survivor (used ones stay as its history).
          vouchers: Object.entries(duplicate.vouchers).map(([voucherId, voucher]) => ({
            voucherId,
            ...voucher,
          })),
          contacts: Object.values(duplicate.contacts).map(({ contactId, ...contact }) => ({
            contactId,
            contact,
          })),
        },
        mergedAt: now,
      },
    },
  ];
}

/** The currency the duplicate's revenue was booked in; XXX (ISO 4217: no currency) without purchases. */
const bookedCurrencyOf = (duplicate: RegisteredState): string =>
  Object.values(duplicate.purchases)[0]?.booked.currency ?? 'XXX';

export function evolveMerge(state: RegisteredState, event: MergeEvent): RegisteredState {
  if (event.type === 'PossibleDuplicateDismissed') {
    return { ...state, notDuplicates: [...state.notDuplicates, event.data.otherCustomerId] };
  }
  if (event.data.role === 'duplicate') return { ...state, mergedInto: event.data.survivorId };
  const carried = event.data.carried;
  if (!carried) return state;
  const purchases = { ...state.purchases };
  const orderKeys = { ...state.orderKeys };
  for (const p of carried.purchases) {
    purchases[p.purchaseId] = {
      amount: moneyFromData(p.amount),
      booked: moneyFromData(p.booked),
      refundedMinor: BigInt(p.refunded.minor),
      refundedBookedMinor: BigInt(p.refundedBooked.minor),
      pointsEarned: p.pointsEarned,
      pointsReversed: p.pointsReversed,
      occurredAt: p.occurredAt,
    };
    orderKeys[orderKeyOf(p.sourceSystem, p.orderReference)] = p.purchaseId;
  }
  const contacts = { ...state.contacts };
  for (const { contactId, contact } of carried.contacts)
    contacts[contactId] = { contactId, ...contact };
  const vouchers = { ...state.vouchers };
  for (const { voucherId, ...voucher } of carried.vouchers) vouchers[voucherId] = voucher;
  return {
    ...state,
    purchases,
    orderKeys,
    contacts,
    vouchers,
    revenueMinor: state.revenueMinor + BigInt(carried.revenue.minor),
    pointsBalance: state.pointsBalance + carried.pointsBalance,
    pointsUsed: state.pointsUsed + carried.pointsUsed,
    absorbed: [...state.absorbed, event.data.duplicateId],
  };
}
