import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { APP_CONFIG, type RequestContext } from '@crm/platform';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { CustomerCommands, type CommandOutcome, type FoldedCustomers } from '../customer-commands';

export interface RecordPurchaseInput {
  readonly amount: number;
  readonly currency: string;
  readonly occurredAt: string;
  readonly productLine: string;
  readonly sourceSystem: string;
  readonly orderReference: string;
}

export interface RecordPurchaseResult extends CommandOutcome {
  readonly purchaseId: string;
  /** False when (sourceSystem, orderReference) had been recorded before: nothing was counted again. */
  readonly recorded: boolean;
}

const PURCHASE_NAMESPACE = '6f1c2a52-6a0e-4b53-9d35-3f8f3c0f6a11';

/**
 * The purchase id follows from its customer and order key: a replayed order gets the same id.
 * The order key is the customer's own: a reference recorded for one customer neither blocks
 * (squats) nor reveals (409 as an oracle) the same reference of another customer.
 */
export const purchaseIdOf = (
  customerId: string,
  sourceSystem: string,
  orderReference: string,
): string => uuidv5(`${customerId}\n${sourceSystem}\n${orderReference}`, PURCHASE_NAMESPACE);

/**
 * The de-duplication guard of D2. Within a customer the decider ignores an order key it has seen;
 * for concurrent imports of the same order, the event store's unique idempotency index admits
 * one commit per customer and order key — an insert, the only atomic guard FerretDB offers.
 */
const orderGuardOf = (customerId: string, sourceSystem: string, orderReference: string): string =>
  `purchase:${createHash('sha256')
    .update(`${customerId}\n${sourceSystem}\n${orderReference}`)
    .digest('hex')}`;

/** D2 purchases and refunds, D11 points earned and reversed with them. */
@Injectable()
export class RecordPurchaseHandler {
  constructor(
    private readonly commands: CustomerCommands,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {}

  async record(
    customerId: string,
    input: RecordPurchaseInput,
    context: RequestContext,
    cache?: FoldedCustomers,
  ): Promise<RecordPurchaseResult> {
    if (input.currency !== this.config.COMPANY_CURRENCY) {
      throw new CustomerError(
        CustomerErrorCode.CurrencyNotAccepted,
        `purchases are recorded in ${this.config.COMPANY_CURRENCY}`,
        { currency: input.currency, accepted: [this.config.COMPANY_CURRENCY] },
      );
    }
    const purchaseId = purchaseIdOf(customerId, input.sourceSystem, input.orderReference);
    const outcome = await this.commands.run(
      customerId,
      context,
      () => ({
        type: 'RecordPurchase',
        data: {
          purchase: { purchaseId, ...input },
          rate: { perAmount: this.config.POINTS_PER_AMOUNT, points: this.config.POINTS_EARNED },
        },
        now: new Date(),
      }),
      {
        idempotencyKey: orderGuardOf(customerId, input.sourceSystem, input.orderReference),
        retries: 5,
        ...(cache ? { cache } : {}),
      },
    );
    return { ...outcome, purchaseId, recorded: outcome.eventTypes.length > 0 && !outcome.replayed };
  }

  async reverse(
    customerId: string,
    originalPurchaseId: string,
    input: { readonly amount: number; readonly occurredAt: string; readonly reason: string },
    context: RequestContext,
  ): Promise<CommandOutcome & { reversalId: string }> {
    const reversalId = uuidv7();
    const outcome = await this.commands.run(
      customerId,
      context,
      () => ({
        type: 'ReversePurchase',
        data: { reversalId, originalPurchaseId, ...input },
        now: new Date(),
      }),
      { retries: 3 },
    );
    return { ...outcome, reversalId };
  }
}
