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
import { CLOCK, type Clock, APP_CONFIG, type RequestContext } from '@crm/platform';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import type { CustomerCommand } from '@apps/customers/src/customer/domain/customer.decider';
import type { RegisteredState } from '@apps/customers/src/customer/domain/customer.state';
import { CustomerCommands, type BatchRunOptions, type CommandOutcome } from '../customer-commands';
import { externalReferenceKeys } from '../external-reference';

export interface RecordPurchaseInput {
  /** Major units of `currency`, as the client sent them (ADR 90). */
  readonly amount: number | string;
  readonly currency: string;
  readonly occurredAt: string;
  readonly productLine: string;
  readonly sourceSystem: string;
  readonly orderReference: string;
  /** D11: a service voucher of the customer's, used on this purchase. */
  readonly voucherId?: string | undefined;
  /**
   * D2 refund in an import: the order reference (same source system) of the purchase this row
   * refunds, `amount` of it in its currency. The row's own `orderReference` is the refund's
   * reference (credit note, RMA), so a replayed file refunds once.
   */
  readonly refundOf?: string | undefined;
  /** Why the refund was made (refund rows only). */
  readonly reason?: string | undefined;
}

export interface RecordPurchaseResult extends CommandOutcome {
  readonly purchaseId: string;
  /** False when (sourceSystem, orderReference) had been recorded before: nothing was counted again. */
  readonly recorded: boolean;
}

/** D2: a purchase's id and guard follow from its customer and order key (a replay is the same). */
const PURCHASE_NAMESPACE = '6f1c2a52-6a0e-4b53-9d35-3f8f3c0f6a11';
const purchaseKeys = externalReferenceKeys('purchase', PURCHASE_NAMESPACE);

export const purchaseIdOf = purchaseKeys.idOf;
/** A refund with its own reference has one id, however often it is sent or imported. */
const reversalIdOf = (customerId: string, originalPurchaseId: string, reference: string) =>
  uuidv5(`${customerId}\n${originalPurchaseId}\n${reference}`, PURCHASE_NAMESPACE);
const orderGuardOf = purchaseKeys.guardOf;

/** What became of one purchase of a batch. */
export type BatchedPurchase =
  | { readonly recorded: boolean; readonly refused?: undefined }
  | { readonly recorded?: undefined; readonly refused: CustomerError };

/** D2 purchases and refunds, D11 points earned and reversed with them. */
@Injectable()
export class RecordPurchaseHandler {
  constructor(
    private readonly commands: CustomerCommands,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    customerId: string,
    input: RecordPurchaseInput,
    context: RequestContext,
  ): Promise<RecordPurchaseResult> {
    const purchaseId = purchaseIdOf(customerId, input.sourceSystem, input.orderReference);
    const outcome = await this.commands.run(
      customerId,
      context,
      this.recordCommand(customerId, input),
      {
        idempotencyKey: orderGuardOf(customerId, input.sourceSystem, input.orderReference),
        retries: 5,
      },
    );
    return { ...outcome, purchaseId, recorded: outcome.eventTypes.length > 0 && !outcome.replayed };
  }

  /**
   * Many customers' purchases (a bulk import), each customer's as one commit in the given order,
   * the commits written together: a purchase recorded before, or twice in a batch, is recorded
   * once; each may be refused on its own (amount, exchange rate, access) and the others still
   * count. A batch's idempotency key follows from its customer and order keys, so a concurrent
   * run of the same batch appends it once.
   */
  async recordBatches(
    batches: readonly {
      readonly customerId: string;
      readonly inputs: readonly RecordPurchaseInput[];
    }[],
    context: RequestContext,
    options: Omit<BatchRunOptions, 'retries'>,
  ): Promise<BatchedPurchase[][]> {
    const prepared = batches.map(({ customerId, inputs }) => this.prepared(customerId, inputs));
    const running = prepared.flatMap((one, index) =>
      one.commands.length > 0 ? [{ index, ...one }] : [],
    );
    const outcomes = await this.commands.runBatches(
      context,
      running.map(({ index, commands, idempotencyKey }) => ({
        customerId: batches[index]!.customerId,
        commands,
        idempotencyKey,
      })),
      { retries: 5, ...options },
    );
    outcomes.forEach((outcome, position) => {
      const { results, batched } = running[position]!;
      outcome.outcomes.forEach((one, commandIndex) => {
        const index = batched[commandIndex]!;
        if (one.events !== undefined) {
          results[index] = { recorded: one.events.length > 0 };
        } else if (one.refused instanceof CustomerError) {
          results[index] = { refused: one.refused };
        } else {
          throw one.refused;
        }
      });
    });
    return prepared.map(({ results }) => results.map((result) => result!));
  }

  /**
   * One customer's rows as commands (a row priced out of bounds is refused here already), which
   * rows they are, and the batch's idempotency key.
   */
  private prepared(
    customerId: string,
    inputs: readonly RecordPurchaseInput[],
  ): {
    results: (BatchedPurchase | undefined)[];
    commands: ((state: RegisteredState) => CustomerCommand)[];
    batched: number[];
    idempotencyKey: string;
  } {
    const results: (BatchedPurchase | undefined)[] = [];
    const commands: ((state: RegisteredState) => CustomerCommand)[] = [];
    const batched: number[] = [];
    const keys = createHash('sha256').update(customerId);
    inputs.forEach((input, index) => {
      try {
        const { refundOf } = input;
        commands.push(
          refundOf === undefined
            ? this.recordCommand(customerId, input)
            : this.refundCommand(customerId, { ...input, refundOf }),
        );
        batched.push(index);
        keys.update(`\n${input.sourceSystem}\n${input.orderReference}`);
        results.push(undefined);
      } catch (error) {
        if (!(error instanceof CustomerError)) throw error;
        results.push({ refused: error });
      }
    });
    return { results, commands, batched, idempotencyKey: `purchases:${keys.digest('hex')}` };
  }

  /** A refund row's ReversePurchase, with the id the same refund gets over HTTP with its reference. */
  private refundCommand(
    customerId: string,
    input: RecordPurchaseInput & { readonly refundOf: string },
  ): (state: RegisteredState) => CustomerCommand {
    const originalPurchaseId = purchaseIdOf(customerId, input.sourceSystem, input.refundOf);
    const reversalId = reversalIdOf(customerId, originalPurchaseId, input.orderReference);
    return (state) => {
      const charged = state.purchases[originalPurchaseId]?.amount.currency;
      if (charged !== undefined && charged !== input.currency) {
        throw new CustomerError(
          CustomerErrorCode.InvalidAmount,
          `the refund is in ${input.currency}, the purchase ${input.refundOf} in ${charged}`,
          { errors: [{ field: 'currency', message: `must be ${charged}, the purchase's` }] },
        );
      }
      return {
        type: 'ReversePurchase',
        data: {
          reversalId,
          originalPurchaseId,
          amount: input.amount,
          occurredAt: input.occurredAt,
          reason: input.reason ?? `refund ${input.orderReference} from ${input.sourceSystem}`,
        },
        now: this.clock.now(),
      };
    };
  }

  /** The RecordPurchase command of one input, priced first (which may refuse it). */
  private recordCommand(customerId: string, input: RecordPurchaseInput): () => CustomerCommand {
    const { amount, booked, exchange } = this.priced(input);
    const {
      currency: _charged,
      amount: _sent,
      voucherId,
      refundOf: _refundOf,
      reason: _reason,
      ...details
    } = input;
    const purchaseId = purchaseIdOf(customerId, input.sourceSystem, input.orderReference);
    const rate = { perAmountMinor: this.pointsBlock(), points: this.config.POINTS_EARNED };
    return () => ({
      type: 'RecordPurchase',
      data: {
        purchase: { purchaseId, ...details, amount, booked, ...(exchange ? { exchange } : {}) },
        rate,
        ...(voucherId ? { voucherId } : {}),
      },
      now: this.clock.now(),
    });
  }

  async reverse(
    customerId: string,
    originalPurchaseId: string,
    input: {
      readonly amount: number | string;
      readonly occurredAt: string;
      readonly reason: string;
      /** The refund's own reference (RMA, credit note), unique per purchase. */
      readonly reference?: string | undefined;
    },
    context: RequestContext,
  ): Promise<CommandOutcome & { reversalId: string }> {
    const { reference, ...refund } = input;
    // With a reference, a retry (no Idempotency-Key) gets the same id and is not applied twice.
    const reversalId = reference
      ? reversalIdOf(customerId, originalPurchaseId, reference)
      : uuidv7();
    const outcome = await this.commands.run(
      customerId,
      context,
      () => ({
        type: 'ReversePurchase',
        data: { reversalId, originalPurchaseId, ...refund },
        now: this.clock.now(),
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
