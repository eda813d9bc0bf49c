import { Inject, Injectable } from '@nestjs/common';
import type { CustomerEvent } from '@crm/contracts';
import type { CommandHandler, Folded } from '@crm/event-store';
import { commandHandlerProvider, mayAct, type RequestContext } from '@crm/platform';
import {
  customerDecider,
  type CustomerCommand,
} from '@apps/customers/src/customer/domain/customer.decider';
import type {
  CustomerState,
  RegisteredState,
} from '@apps/customers/src/customer/domain/customer.state';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { CUSTOMER_HANDLER } from '@apps/customers/src/customer/customers.tokens';

export type CustomerCommandHandler = CommandHandler<CustomerState, CustomerCommand, CustomerEvent>;

/** The customer's command handler: a customer is its own stream (and its own partition key). */
export const customerHandlerProvider = commandHandlerProvider(CUSTOMER_HANDLER, customerDecider, {
  customerIdOf: (_, customerId) => customerId,
});

/** Folded customers a bulk run keeps between its commands (see RunOptions.cache). */
export type FoldedCustomers = Map<string, Folded<CustomerState>>;

export interface CommandOutcome {
  readonly customerId: string;
  readonly version: number;
  /** The events of this change (or of the first one, for an idempotent replay). */
  readonly eventTypes: readonly string[];
  readonly replayed: boolean;
}

export interface RunOptions {
  /** Makes the command idempotent: overrides the request's Idempotency-Key. */
  readonly idempotencyKey?: string;
  /** Checks that need the current card (e.g. who may reassign) — thrown errors refuse the command. */
  readonly authorize?: (state: RegisteredState) => void;
  /** Without If-Match, a concurrent append is retried on the new version this many times. */
  readonly retries?: number;
  /** Only check that the command would be accepted now; append nothing. */
  readonly dryRun?: boolean;
  /**
   * Folded customers kept between commands (a bulk import): a stream is loaded once, then
   * followed by what this process appends. A concurrent writer elsewhere shows up as a version
   * conflict on append; the entry is then dropped and the stream loaded again.
   */
  readonly cache?: FoldedCustomers;
}

/**
 * Every change to an existing customer goes through here, on the customer's command handler:
 * the caller must be allowed to change this customer (else 404: nothing leaks), If-Match must
 * name the current version (412), and each change is recorded in the audit log.
 */
@Injectable()
export class CustomerCommands {
  constructor(
    @Inject(CUSTOMER_HANDLER) private readonly customers: CustomerCommandHandler,
    private readonly audit: AuditLogStore,
  ) {}

  async run(
    customerId: string,
    context: RequestContext,
    command: (state: RegisteredState) => CustomerCommand,
    options: RunOptions = {},
  ): Promise<CommandOutcome> {
    const { cache } = options;
    const idempotencyKey = options.idempotencyKey ?? context.idempotencyKey;
    let handled;
    try {
      handled = await this.customers.handle(
        customerId,
        ({ state }) => {
          if (!state.registered || !mayAct(context.scope, state)) {
            throw new CustomerError(
              CustomerErrorCode.NotFound,
              `customer ${customerId} not found`,
              {
                customerId,
              },
            );
          }
          options.authorize?.(state);
          return command(state);
        },
        {
          actorId: context.principal.userId,
          correlationId: context.correlationId,
          causationId: context.correlationId,
          idempotencyKey,
        },
        {
          expectedVersion: context.expectedVersion,
          retries: options.retries ?? 0,
          loaded: cache?.get(customerId),
          dryRun: options.dryRun ?? false,
        },
      );
    } catch (error) {
      cache?.delete(customerId);
      throw error;
    }
    if (handled.stream !== customerId) {
      cache?.delete(customerId);
      // The idempotency key belongs to another customer's stream (e.g. an order reference
      // already recorded elsewhere): report it, do not pretend it happened here.
      throw new CustomerError(
        CustomerErrorCode.PurchaseReferenceTaken,
        'this source system and order reference were recorded for another customer',
        {},
      );
    }
    cache?.set(customerId, { state: handled.state, version: handled.version });
    const eventTypes = handled.events.map((event) => event.type);
    if (eventTypes.length > 0) {
      await this.audit.record({
        actorId: context.principal.userId,
        roles: context.principal.roles,
        action: 'customer.changed',
        customerId,
        correlationId: context.correlationId,
        what: handled.replayed ? ['replayed', ...eventTypes] : eventTypes,
      });
    }
    return { customerId, version: handled.version, eventTypes, replayed: handled.replayed };
  }
}
