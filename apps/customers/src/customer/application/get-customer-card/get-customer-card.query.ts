import { Injectable } from '@nestjs/common';
import type { Principal } from '@crm/platform';
import { CustomerError, CustomerErrorCode } from '@apps/customers/src/customer/domain/customer.errors';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';
import { mayAccessCustomer } from '../customer-access.policy';

export interface CustomerCardView {
  readonly customerId: string;
  readonly name: string;
  readonly nature: string;
  readonly region: string;
  readonly ownerId: string;
  readonly registeredAt: string;
  readonly version: number;
}

@Injectable()
export class GetCustomerCardQuery {
  constructor(private readonly cards: CustomerCardProjection) {}

  /** A customer the caller may not see is reported as not found: nothing leaks. */
  async execute(customerId: string, principal: Principal): Promise<CustomerCardView> {
    const card = await this.cards.find(customerId);
    if (!card || !mayAccessCustomer(principal, card)) {
      throw new CustomerError(CustomerErrorCode.NotFound, `customer ${customerId} not found`, { customerId });
    }
    return {
      customerId: card._id,
      name: card.name,
      nature: card.nature,
      region: card.region,
      ownerId: card.ownerId,
      registeredAt: card.registeredAt.toISOString(),
      version: card.applied[card._id] ?? 0,
    };
  }
}
