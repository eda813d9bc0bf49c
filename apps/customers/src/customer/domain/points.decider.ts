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
  'PointsEarned' | 'PointsReversed' | 'PointsRedeemed' | 'PointsExpired'
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
    case 'PointsExpired':
      return {
        ...state,
        pointsBalance: state.pointsBalance - event.data.points,
        pointsUsed: state.pointsUsed + event.data.points,
      };
  }
}
