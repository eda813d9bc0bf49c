import type { CustomerEvent } from '@crm/contracts';
import {
  decideCustomer,
  evolveCustomer,
  type CustomerCommand,
} from '@apps/customers/src/customer/domain/customer.decider';
import {
  initialCustomerState,
  type CustomerState,
} from '@apps/customers/src/customer/domain/customer.state';

/** given / when / then for the customer decider: pure, no store. */
export const now = new Date('2026-11-24T08:00:00.000Z');
export const registration = {
  type: 'RegisterCustomer' as const,
  data: {
    customerId: 'c-1',
    name: 'Lianhua Trading',
    nature: 'ordinary_company' as const,
    region: 'east',
    ownerId: 'rep-1',
  },
  now,
};
export const rate = { perAmountMinor: 10_000n, points: 1 };
export const cny = (major: number) => ({ minor: BigInt(Math.round(major * 100)), currency: 'CNY' });

/** Given these commands happened, the state after them. */
export function given(...commands: CustomerCommand[]): CustomerState {
  return commands.reduce<CustomerState>(
    (state, command) => decideCustomer(command, state).reduce(evolveCustomer, state),
    initialCustomerState,
  );
}
export const at = <T extends CustomerCommand['type']>(
  type: T,
  data: Extract<CustomerCommand, { type: T }>['data'],
  when: Date = now,
) => ({ type, data, now: when }) as CustomerCommand;
export const purchase = (
  orderReference: string,
  amount: number,
  occurredAt = '2026-10-01T00:00:00.000Z',
  voucherId?: string,
) =>
  at('RecordPurchase', {
    purchase: {
      purchaseId: `p-${orderReference}`,
      amount: cny(amount),
      booked: cny(amount),
      occurredAt,
      productLine: 'pumps',
      sourceSystem: 'erp',
      orderReference,
    },
    rate,
    ...(voucherId ? { voucherId } : {}),
  });
export const codeOf = (action: () => unknown): string | undefined => {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};
export const registered = (state: CustomerState) => {
  if (!state.registered) throw new Error('not registered');
  return state;
};
export const eventsOf = (command: CustomerCommand, state: CustomerState): CustomerEvent[] =>
  decideCustomer(command, state);
