import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, mayRead, seesClear, type RequestContext } from '@crm/platform';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { CustomerRepository } from '../customer.repository';
import { toCardView, type CustomerCardView } from './customer-card.view';

/**
 * The profile card, folded from the customer's stream so a read right after a write sees it.
 * (The `customer_cards` read model serves lists and search; it is built by the topic consumer.
 * The computed figures, tier and lifecycle stage, come from it: analytics publishes them.)
 * Every read of a full card is recorded in the audit log (D1: reads of intelligence are accountable).
 */
@Injectable()
export class GetCustomerCardQuery {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly audit: AuditLogStore,
    private readonly cards: CustomerCardProjection,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {}

  /** A customer the caller may not see is reported as not found: nothing leaks. */
  async execute(customerId: string, context: RequestContext): Promise<CustomerCardView> {
    const { state, version } = await this.customers.load(customerId);
    if (!state.registered || !mayRead(context.scope, state)) {
      throw new CustomerError(CustomerErrorCode.NotFound, `customer ${customerId} not found`, {
        customerId,
      });
    }
    const masked = !seesClear(context.scope, state);
    // The read is audited before it is answered (D1); the figures are read meanwhile.
    const [figures] = await Promise.all([
      this.cards.figuresOf(customerId),
      this.audit.recordFor(
        context,
        'customer.card.read',
        [masked ? 'card:masked' : 'card:full'],
        customerId,
      ),
    ]);
    return toCardView(state, version, {
      thresholds: {
        keyFrom: this.config.FUND_BAND_KEY_FROM,
        ordinaryFrom: this.config.FUND_BAND_ORDINARY_FROM,
      },
      currency: this.config.COMPANY_CURRENCY,
      masked,
      figures,
    });
  }
}
