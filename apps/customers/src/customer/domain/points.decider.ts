import type { CustomerEvent } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import { withPurchase, type CommandOf, type EventOf, type RegisteredState } from './customer.state';

/**
 * D11: points are a ledger, never edited — earned with purchases, reversed with refunds,
 * redeemed for vouchers (never more than the balance), expired oldest first.
 */
export type PointsCommand =
  | CommandOf<
      'RedeemPoints',
      { readonly redemptionId: string; readonly points: number; readonly voucher: string }
    >
  | CommandOf<'ExpirePoints', { readonly earnedBefore: Date }>;

export type PointsEvent = EventOf<
  'PointsEarned' | 'PointsReversed' | 'PointsRedeemed' | 'PointsExpired' | 'VoucherUsed'
>;

export function decidePoints(command: PointsCommand, state: RegisteredState): CustomerEvent[] {
  const { customerId } = state;
  const now = command.now.toISOString();
  if (command.type === 'RedeemPoints') {
    if (command.data.points > state.pointsBalance) {
      throw new CustomerError(
        CustomerErrorCode.InsufficientPoints,
        `the balance is ${state.pointsBalance} points, ${command.data.points} requested`,
        { pointsBalance: state.pointsBalance, requested: command.data.points },
      );
    }
    return [{ type: 'PointsRedeemed', data: { customerId, ...command.data, redeemedAt: now } }];
  }
  const points = expiringPoints(state, command.data.earnedBefore);
  if (points === 0) return [];
  return [
    {
      type: 'PointsExpired',
      data: {
        customerId,
        points,
        earnedBefore: command.data.earnedBefore.toISOString(),
        expiredAt: now,
      },
    },
  ];
}

/**
 * Points earned before the cut-off that have not been used expire. Points are used oldest
 * first, so what expires is what was earned before the cut-off (net of refunds) beyond what has
 * been redeemed or expired already — never more than the balance.
 */
export function expiringPoints(state: RegisteredState, earnedBefore: Date): number {
  const cutoff = earnedBefore.toISOString();
  const earnedEarlier = Object.values(state.purchases)
    .filter((purchase) => purchase.occurredAt < cutoff)
    .reduce((sum, purchase) => sum + purchase.pointsEarned - purchase.pointsReversed, 0);
  return Math.max(0, Math.min(earnedEarlier - state.pointsUsed, state.pointsBalance));
}

export function evolvePoints(state: RegisteredState, event: PointsEvent): RegisteredState {
  switch (event.type) {
    case 'PointsEarned':
      return {
        ...withPurchase(state, event.data.purchaseId, (p) => ({
          ...p,
          pointsEarned: p.pointsEarned + event.data.points,
        })),
        pointsBalance: state.pointsBalance + event.data.points,
      };
    case 'PointsReversed':
      return {
        ...withPurchase(state, event.data.purchaseId, (p) => ({
          ...p,
          pointsReversed: p.pointsReversed + event.data.points,
        })),
        pointsBalance: state.pointsBalance - event.data.points,
      };
    case 'PointsRedeemed':
      return {
        ...state,
        pointsBalance: state.pointsBalance - event.data.points,
        pointsUsed: state.pointsUsed + event.data.points,
        vouchers: {
          ...state.vouchers,
          [event.data.redemptionId]: {
            voucher: event.data.voucher,
            points: event.data.points,
            redeemedAt: event.data.redeemedAt,
          },
        },
      };
    case 'VoucherUsed': {
      const voucher = state.vouchers[event.data.voucherId];
      if (!voucher) return state;
      return {
        ...state,
        vouchers: {
          ...state.vouchers,
          [event.data.voucherId]: { ...voucher, usedOn: event.data.purchaseId },
        },
      };
    }
    case 'PointsExpired':
      return {
        ...state,
        pointsBalance: state.pointsBalance - event.data.points,
        pointsUsed: state.pointsUsed + event.data.points,
      };
  }
}

/**
 * D11: a voucher is used on a later purchase, once. The purchase's business date must come after
 * the redemption that issued the voucher (a back-dated purchase cannot use it), and a voucher
 * already used, or one this customer never got, refuses the purchase naming `voucherId`.
 */
export function voucherUse(
  state: RegisteredState,
  voucherId: string,
  purchase: { readonly purchaseId: string; readonly occurredAt: string },
): EventOf<'VoucherUsed'> {
  const refused = (code: CustomerErrorCode, message: string, details = {}): CustomerError =>
    new CustomerError(code, message, { ...details, errors: [{ field: 'voucherId', message }] });
  const voucher = state.vouchers[voucherId];
  if (!voucher) {
    throw refused(CustomerErrorCode.VoucherNotFound, `the customer has no voucher ${voucherId}`);
  }
  if (voucher.usedOn !== undefined) {
    throw refused(CustomerErrorCode.VoucherUsed, `the voucher was used on another purchase`, {
      usedOn: voucher.usedOn,
    });
  }
  if (Date.parse(purchase.occurredAt) <= Date.parse(voucher.redeemedAt)) {
    throw refused(
      CustomerErrorCode.VoucherNotYetValid,
      `the voucher was issued ${voucher.redeemedAt}: it is used on a later purchase`,
      { redeemedAt: voucher.redeemedAt },
    );
  }
  return {
    type: 'VoucherUsed',
    data: {
      customerId: state.customerId,
      voucherId,
      purchaseId: purchase.purchaseId,
      usedAt: purchase.occurredAt,
    },
  };
}
