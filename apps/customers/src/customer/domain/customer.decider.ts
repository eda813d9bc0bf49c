import type { CustomerEvent } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';

export type CustomerNature =
  | 'government'
  | 'special_company'
  | 'ordinary_company'
  | 'business_partner'
  | 'individual';

export interface CustomerProfile {
  readonly customerId: string;
  readonly name: string;
  readonly nature: CustomerNature;
  readonly region: string;
  readonly ownerId: string;
  readonly registeredAt: string;
}

/** The customer as its stream tells it: the profile card (D1) once registered. */
export type CustomerState =
  | { readonly registered: false }
  | ({ readonly registered: true } & CustomerProfile);

export const initialCustomerState: CustomerState = { registered: false };

export type CustomerCommand = {
  readonly type: 'RegisterCustomer';
  readonly data: {
    readonly customerId: string;
    readonly name: string;
    readonly nature: CustomerNature;
    readonly region: string;
    readonly ownerId: string;
  };
  readonly now: Date;
};

export function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  switch (command.type) {
    case 'RegisterCustomer':
      if (state.registered) {
        throw new CustomerError(CustomerErrorCode.AlreadyRegistered, 'the customer is already registered', {
          customerId: command.data.customerId,
        });
      }
      return [
        {
          type: 'CustomerRegistered',
          data: { ...command.data, registeredAt: command.now.toISOString() },
        },
      ];
  }
}

export function evolveCustomer(_state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered':
      return { registered: true, ...event.data };
  }
}
