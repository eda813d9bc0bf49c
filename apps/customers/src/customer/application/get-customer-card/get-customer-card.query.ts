import { Injectable } from '@nestjs/common';
import type { Principal } from '@crm/platform';
import type { CustomerProfile } from '@apps/customers/src/customer/domain/customer.decider';
import { CustomerError, CustomerErrorCode } from '@apps/customers/src/customer/domain/customer.errors';
import { mayAccessCustomer } from '../customer-access.policy';
import { CustomerRepository } from '../customer.repository';

export interface CustomerCardView extends CustomerProfile {
  readonly version: number;
}

/**
 * The profile card, folded from the customer's stream so a read right after a write sees it.
 * (The `customer_cards` read model serves lists and search; it is built by the topic consumer.)
 */
@Injectable()
export class GetCustomerCardQuery {
  constructor(private readonly customers: CustomerRepository) {}

  /** A customer the caller may not see is reported as not found: nothing leaks. */
  async execute(customerId: string, principal: Principal): Promise<CustomerCardView> {
    const { state, version } = await this.customers.load(customerId);
    if (!state.registered || !mayAccessCustomer(principal, state)) {
      throw new CustomerError(CustomerErrorCode.NotFound, `customer ${customerId} not found`, { customerId });
    }
    const { registered: _, ...profile } = state;
    return { ...profile, version };
  }
}
