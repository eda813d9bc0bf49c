import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, APP_CONFIG, systemContext, type RequestContext } from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { EraseCustomerHandler } from '@apps/customers/src/customer/application/erase-customer/erase-customer.handler';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';

const DAY_MS = 86_400_000;
const PAGE_SIZE = 200;

/** Who erases on retention: a system actor with the admin role, audited like any command. */
const RETENTION_ACTOR: RequestContext = systemContext('system:retention', 'customer-retention');

/**
 * Scheduled retention (ADR 110): every customer without any event for CUSTOMER_RETENTION_DAYS is
 * erased like a request would (key shredded, CustomerErased with reason `retention_period_ended`).
 * Convergent: a customer erased meanwhile, or by an earlier run, is skipped.
 */
@Injectable()
export class EraseInactiveCustomersHandler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
    private readonly cards: CustomerCardProjection,
    private readonly erasure: EraseCustomerHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns how many customers it erased. */
  async execute(now = this.clock.now()): Promise<number> {
    const days = this.config.CUSTOMER_RETENTION_DAYS;
    if (days === undefined) return 0;
    const before = new Date(now.getTime() - days * DAY_MS);
    let erased = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await this.cards.inactiveSince(before, cursor, PAGE_SIZE);
      for (const card of page) {
        try {
          await this.erasure.execute(
            card._id,
            { reason: 'retention_period_ended' },
            RETENTION_ACTOR,
          );
          erased += 1;
        } catch (error) {
          // Erased since the card was read: nothing left to do for this one.
          if (!(error instanceof CustomerError) || error.code !== CustomerErrorCode.Erased)
            throw error;
        }
      }
      if (page.length < PAGE_SIZE) return erased;
      cursor = page.at(-1)!._id;
    }
  }
}
