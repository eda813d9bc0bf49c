import { decideCustomer, evolveCustomer, initialCustomerState } from './customer.decider';
import { CustomerError, CustomerErrorCode } from './customer.errors';

const registration = {
  type: 'RegisterCustomer' as const,
  data: {
    customerId: 'c-1',
    name: 'Lianhua Trading',
    nature: 'ordinary_company' as const,
    region: 'east',
    ownerId: 'rep-1',
  },
  now: new Date('2026-11-24T08:00:00.000Z'),
};

describe('customer decider', () => {
  it('given no customer, when registering, then CustomerRegistered carries the card and the time', () => {
    expect(decideCustomer(registration, initialCustomerState)).toEqual([
      {
        type: 'CustomerRegistered',
        data: { ...registration.data, registeredAt: '2026-11-24T08:00:00.000Z' },
      },
    ]);
  });

  it('given a registered customer, when registering again, then it is refused', () => {
    const [registered] = decideCustomer(registration, initialCustomerState);
    const state = evolveCustomer(initialCustomerState, registered!);
    expect(state).toEqual({
      registered: true,
      ...registration.data,
      registeredAt: '2026-11-24T08:00:00.000Z',
    });
    expect(() => decideCustomer(registration, state)).toThrow(
      expect.objectContaining({ code: CustomerErrorCode.AlreadyRegistered }) as CustomerError,
    );
  });
});
