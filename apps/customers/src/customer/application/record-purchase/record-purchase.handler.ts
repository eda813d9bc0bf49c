import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  convertMoney,
  MAX_AMOUNT_MINOR,
  parseMajorAmount,
  rateOn,
  type Money,
} from '@crm/contracts';
import { APP_CONFIG, type RequestContext } from '@crm/platform';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { CustomerCommands, type CommandOutcome, type FoldedCustomers } from '../customer-commands';

export interface RecordPurchaseInput {
  /** Major units of `currency`, as the client sent them (ADR 90). */
  readonly amount: number | string;
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
    const { amount, booked, exchange } = this.priced(input);
    const { currency: _charged, amount: _sent, ...details } = input;
    const purchaseId = purchaseIdOf(customerId, input.sourceSystem, input.orderReference);
    const outcome = await this.commands.run(
      customerId,
      context,
      () => ({
        type: 'RecordPurchase',
        data: {
          purchase: { purchaseId, ...details, amount, booked, ...(exchange ? { exchange } : {}) },
          rate: { perAmountMinor: this.pointsBlock(), points: this.config.POINTS_EARNED },
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
    input: {
      readonly amount: number | string;
      readonly occurredAt: string;
      readonly reason: string;
    },
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

  /**
   * The amount as charged and as booked in the company currency (ADR 90): another currency is
   * converted at the configured rate in force on the business date, or refused naming the field.
   */
  private priced(input: RecordPurchaseInput): {
    amount: Money;
    booked: Money;
    exchange?: { rate: string; rateDate: string; source: 'configured' };
  } {
    const parsed = parseMajorAmount(input.amount, input.currency);
    if (!parsed.ok) throw invalidAmount(parsed.message, parsed.problem);
    const company = this.config.COMPANY_CURRENCY;
    if (input.currency === company) return { amount: parsed.money, booked: parsed.money };
    const day = input.occurredAt.slice(0, 10);
    const applied = rateOn(this.config.EXCHANGE_RATES, input.currency, day);
    if (!applied) {
      throw new CustomerError(
        CustomerErrorCode.NoExchangeRate,
        `no ${input.currency} to ${company} rate is configured for ${day}`,
        {
          currency: input.currency,
          accepted: [company, ...Object.keys(this.config.EXCHANGE_RATES)],
          errors: [{ field: 'currency', message: `no exchange rate into ${company} on ${day}` }],
        },
      );
    }
    const booked = convertMoney(parsed.money, company, applied.rate);
    if (booked.minor <= 0n || booked.minor > MAX_AMOUNT_MINOR) {
      throw invalidAmount(
        `converted at ${applied.rate} it is ${booked.minor} minor units of ${company}, outside 1..${MAX_AMOUNT_MINOR}`,
        'over_limit',
      );
    }
    return { amount: parsed.money, booked, exchange: { ...applied, source: 'configured' } };
  }

  /** D11's "points per amount" in minor units of the company currency. */
  private pointsBlock(): bigint {
    const parsed = parseMajorAmount(this.config.POINTS_PER_AMOUNT, this.config.COMPANY_CURRENCY);
    if (!parsed.ok) throw new Error(`POINTS_PER_AMOUNT: ${parsed.message}`);
    return parsed.money.minor;
  }
}

const invalidAmount = (message: string, problem: string): CustomerError =>
  new CustomerError(CustomerErrorCode.InvalidAmount, `amount: ${message}`, {
    problem,
    errors: [{ field: 'amount', message }],
  });
