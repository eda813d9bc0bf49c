import type { CustomerEvent } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import {
  orderKeyOf,
  withPurchase,
  type CommandOf,
  type EventOf,
  type RegisteredState,
} from './customer.state';
import { pointsFor, toCents, type PointsRate } from './points';

export interface PurchaseInput {
  readonly purchaseId: string;
  readonly amount: number;
  readonly currency: string;
  readonly occurredAt: string;
  readonly productLine: string;
  readonly sourceSystem: string;
  readonly orderReference: string;
}

/**
 * D2: purchases are recorded once per source system and order reference (a replayed import
 * records nothing); a refund is a negative purchase referencing the original, never more than
 * what is left of it. D11: points are earned with the purchase and reversed with its refund.
 */
export type PurchaseCommand =
  | CommandOf<'RecordPurchase', { readonly purchase: PurchaseInput; readonly rate: PointsRate }>
  | CommandOf<
      'ReversePurchase',
      {
        readonly reversalId: string;
        readonly originalPurchaseId: string;
        readonly amount: number;
        readonly occurredAt: string;
        readonly reason: string;
      }
    >;

export type PurchaseEvent = EventOf<'PurchaseRecorded' | 'PurchaseReversed'>;

export function decidePurchases(command: PurchaseCommand, state: RegisteredState): CustomerEvent[] {
  return command.type === 'RecordPurchase'
    ? decidePurchase(state, command.data.purchase, command.data.rate)
    : decideReversal(state, command.data, command.now.toISOString());
}

function decidePurchase(
  state: RegisteredState,
  purchase: PurchaseInput,
  rate: PointsRate,
): CustomerEvent[] {
  const earlier = state.orderKeys[orderKeyOf(purchase.sourceSystem, purchase.orderReference)];
  // A replay of a purchase already recorded is not an error: it simply records nothing.
  if (earlier !== undefined) return [];
  const points = pointsFor(purchase.amount, rate);
  return [
    { type: 'PurchaseRecorded', data: { customerId: state.customerId, ...purchase } },
    ...(points > 0
      ? [
          {
            type: 'PointsEarned' as const,
            data: {
              customerId: state.customerId,
              purchaseId: purchase.purchaseId,
              points,
              earnedAt: purchase.occurredAt,
            },
          },
        ]
      : []),
  ];
}

function decideReversal(
  state: RegisteredState,
  data: Extract<PurchaseCommand, { type: 'ReversePurchase' }>['data'],
  now: string,
): CustomerEvent[] {
  const original = state.purchases[data.originalPurchaseId];
  if (!original) {
    throw new CustomerError(
      CustomerErrorCode.PurchaseNotFound,
      `purchase ${data.originalPurchaseId} not found`,
      { purchaseId: data.originalPurchaseId },
    );
  }
  if (Date.parse(data.occurredAt) < Date.parse(original.occurredAt)) {
    throw new CustomerError(
      CustomerErrorCode.ReversalBeforePurchase,
      `the reversal is dated ${data.occurredAt}, before the purchase (${original.occurredAt})`,
      { purchaseOccurredAt: original.occurredAt, occurredAt: data.occurredAt },
    );
  }
  const refundable = original.amountCents - original.refundedCents;
  const cents = toCents(data.amount);
  if (cents > refundable) {
    throw new CustomerError(
      CustomerErrorCode.RefundExceedsPurchase,
      `at most ${refundable / 100} ${original.currency} of this purchase can still be refunded`,
      { refundable: refundable / 100, requested: data.amount, currency: original.currency },
    );
  }
  // Points come back in proportion to what has been refunded in total, never below a zero balance.
  const due = Math.floor(
    (original.pointsEarned * (original.refundedCents + cents)) / original.amountCents,
  );
  const points = Math.min(due - original.pointsReversed, state.pointsBalance);
  return [
    {
      type: 'PurchaseReversed',
      data: {
        customerId: state.customerId,
        reversalId: data.reversalId,
        originalPurchaseId: data.originalPurchaseId,
        amount: data.amount,
        currency: original.currency,
        occurredAt: data.occurredAt,
        reason: data.reason,
      },
    },
    ...(points > 0
      ? [
          {
            type: 'PointsReversed' as const,
            data: {
              customerId: state.customerId,
              reversalId: data.reversalId,
              purchaseId: data.originalPurchaseId,
              points,
              reversedAt: now,
            },
          },
        ]
      : []),
  ];
}

export function evolvePurchases(state: RegisteredState, event: PurchaseEvent): RegisteredState {
  const cents = toCents(event.data.amount);
  if (event.type === 'PurchaseReversed') {
    return {
      ...withPurchase(state, event.data.originalPurchaseId, (p) => ({
        ...p,
        refundedCents: p.refundedCents + cents,
      })),
      revenueCents: state.revenueCents - cents,
    };
  }
  return {
    ...state,
    purchases: {
      ...state.purchases,
      [event.data.purchaseId]: {
        amountCents: cents,
        refundedCents: 0,
        currency: event.data.currency,
        pointsEarned: 0,
        pointsReversed: 0,
        occurredAt: event.data.occurredAt,
      },
    },
    orderKeys: {
      ...state.orderKeys,
      [orderKeyOf(event.data.sourceSystem, event.data.orderReference)]: event.data.purchaseId,
    },
    revenueCents: state.revenueCents + cents,
  };
}
