import {
  divideHalfEven,
  formatMajor,
  moneyFromData,
  moneyToData,
  parseMajorAmount,
  toMajorNumber,
  type CustomerEvent,
  type Money,
} from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import {
  orderKeyOf,
  withPurchase,
  type CommandOf,
  type EventOf,
  type RegisteredState,
} from './customer.state';
import { pointsFor, type PointsRate } from './points';
import { voucherUse } from './points.decider';

type PurchaseRecordedData = EventOf<'PurchaseRecorded'>['data'];

export interface PurchaseInput {
  readonly purchaseId: string;
  readonly amount: Money;
  readonly booked: Money;
  readonly exchange?: PurchaseRecordedData['exchange'];
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
  | CommandOf<
      'RecordPurchase',
      {
        readonly purchase: PurchaseInput;
        readonly rate: PointsRate;
        /** D11: a service voucher of this customer's, used on this purchase. */
        readonly voucherId?: string;
      }
    >
  | CommandOf<
      'ReversePurchase',
      {
        readonly reversalId: string;
        readonly originalPurchaseId: string;
        /** In major units of the original purchase's currency, as the client sent it. */
        readonly amount: number | string;
        readonly occurredAt: string;
        readonly reason: string;
      }
    >;

export type PurchaseEvent = EventOf<'PurchaseRecorded' | 'PurchaseReversed'>;

/** The clock skew between a source system and this service that a purchase's date may carry. */
export const CLOCK_SKEW_MS = 60_000;

export function decidePurchases(command: PurchaseCommand, state: RegisteredState): CustomerEvent[] {
  return command.type === 'RecordPurchase'
    ? decidePurchase(
        state,
        command.data.purchase,
        command.data.rate,
        command.data.voucherId,
        command.now,
      )
    : decideReversal(state, command.data, command.now.toISOString());
}

function decidePurchase(
  state: RegisteredState,
  purchase: PurchaseInput,
  rate: PointsRate,
  voucherId: string | undefined,
  now: Date,
): CustomerEvent[] {
  const earlier = state.orderKeys[orderKeyOf(purchase.sourceSystem, purchase.orderReference)];
  // A replay of a purchase already recorded is not an error: it simply records nothing.
  if (earlier !== undefined) return [];
  // On the service's clock, which may not be the system time (CLOCK_STARTS_AT).
  if (Date.parse(purchase.occurredAt) > now.getTime() + CLOCK_SKEW_MS) {
    throw new CustomerError(
      CustomerErrorCode.PurchaseInFuture,
      `the purchase is dated ${purchase.occurredAt}, after now`,
      { errors: [{ field: 'occurredAt', message: 'must not be in the future' }] },
    );
  }
  const voucher = voucherId === undefined ? [] : [voucherUse(state, voucherId, purchase)];
  const points = pointsFor(purchase.booked.minor, rate);
  const { amount, booked, exchange, ...rest } = purchase;
  return [
    {
      type: 'PurchaseRecorded',
      data: {
        customerId: state.customerId,
        ...rest,
        amount: moneyToData(amount),
        booked: moneyToData(booked),
        ...(exchange ? { exchange } : {}),
      },
    },
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
    ...voucher,
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
  // D2: a retried refund (the same reversal id, derived from its reference) records nothing.
  if (original.reversalIds?.includes(data.reversalId)) return [];
  if (Date.parse(data.occurredAt) < Date.parse(original.occurredAt)) {
    throw new CustomerError(
      CustomerErrorCode.ReversalBeforePurchase,
      `the reversal is dated ${data.occurredAt}, before the purchase (${original.occurredAt})`,
      { purchaseOccurredAt: original.occurredAt, occurredAt: data.occurredAt },
    );
  }
  const currency = original.amount.currency;
  const parsed = parseMajorAmount(data.amount, currency);
  if (!parsed.ok) {
    throw new CustomerError(CustomerErrorCode.InvalidAmount, parsed.message, {
      field: 'amount',
      problem: parsed.problem,
      currency,
    });
  }
  const refundable = original.amount.minor - original.refundedMinor;
  const minor = parsed.money.minor;
  if (minor > refundable) {
    const left = formatMajor({ minor: refundable, currency });
    throw new CustomerError(
      CustomerErrorCode.RefundExceedsPurchase,
      `at most ${left} ${currency} of this purchase can still be refunded`,
      {
        refundable: toMajorNumber({ minor: refundable, currency }),
        requested: toMajorNumber(parsed.money),
        currency,
      },
    );
  }
  // The company-currency share at the purchase's own rate; the last refund takes back exactly the rest.
  const bookedMinor =
    minor === refundable
      ? original.booked.minor - original.refundedBookedMinor
      : divideHalfEven(minor * original.booked.minor, original.amount.minor);
  // Points come back in proportion to what has been refunded in total, never below a zero balance.
  const due = Number(
    (BigInt(original.pointsEarned) * (original.refundedMinor + minor)) / original.amount.minor,
  );
  const points = Math.min(due - original.pointsReversed, state.pointsBalance);
  return [
    {
      type: 'PurchaseReversed',
      data: {
        customerId: state.customerId,
        reversalId: data.reversalId,
        originalPurchaseId: data.originalPurchaseId,
        amount: moneyToData(parsed.money),
        booked: moneyToData({ minor: bookedMinor, currency: original.booked.currency }),
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
  if (event.type === 'PurchaseReversed') {
    const minor = BigInt(event.data.amount.minor);
    const bookedMinor = BigInt(event.data.booked.minor);
    return {
      ...withPurchase(state, event.data.originalPurchaseId, (p) => ({
        ...p,
        refundedMinor: p.refundedMinor + minor,
        refundedBookedMinor: p.refundedBookedMinor + bookedMinor,
        reversalIds: [...(p.reversalIds ?? []), event.data.reversalId],
      })),
      revenueMinor: state.revenueMinor - bookedMinor,
    };
  }
  const booked = moneyFromData(event.data.booked);
  return {
    ...state,
    purchases: {
      ...state.purchases,
      [event.data.purchaseId]: {
        amount: moneyFromData(event.data.amount),
        booked,
        refundedMinor: 0n,
        refundedBookedMinor: 0n,
        pointsEarned: 0,
        pointsReversed: 0,
        occurredAt: event.data.occurredAt,
      },
    },
    orderKeys: {
      ...state.orderKeys,
      [orderKeyOf(event.data.sourceSystem, event.data.orderReference)]: event.data.purchaseId,
    },
    revenueMinor: state.revenueMinor + booked.minor,
  };
}
