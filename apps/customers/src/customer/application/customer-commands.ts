import { Inject, Injectable } from '@nestjs/common';
import type { CustomerEvent } from '@crm/contracts';
import type { BatchOutcome, CommandHandler, Folded } from '@crm/event-store';
import { causeOf, commandHandlerProvider, mayAct, type RequestContext } from '@crm/platform';
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
import {
  AuditLogStore,
  type AuditEntry,
} from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { CUSTOMER_HANDLER } from '@apps/customers/src/customer/customers.tokens';

export type CustomerCommandHandler = CommandHandler<CustomerState, CustomerCommand, CustomerEvent>;

/** The customer's command handler: a customer is its own stream (and its own partition key). */
export const customerHandlerProvider = commandHandlerProvider(CUSTOMER_HANDLER, customerDecider, {
  customerIdOf: (_, customerId) => customerId,
});

/** Folded customers a bulk run keeps between its batches (see `BatchRunOptions.cache`). */
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
}

export interface BatchRunOptions {
  readonly retries?: number;
  /**
   * Folded customers kept between batches (a bulk import): a stream is loaded once, then
   * followed by what this process appends. A concurrent writer elsewhere shows up as a commit
   * not stored, which reloads the stream.
   */
  readonly cache: FoldedCustomers;
  /** Customers missing from the cache are loaded this many at once. */
  readonly loadsInFlight: number;
}

/** One customer's commands of a `runBatches` call, with the batch's idempotency key. */
export interface CustomerBatch {
  readonly customerId: string;
  readonly commands: readonly ((state: RegisteredState) => CustomerCommand)[];
  readonly idempotencyKey: string;
}

export interface BatchRunOutcome {
  readonly customerId: string;
  readonly version: number;
  /** One per command, in order: its events (none if it changed nothing) or its refusal. */
  readonly outcomes: readonly BatchOutcome[];
  readonly replayed: boolean;
}

/** The customer if the caller may change it; else "not found" (nothing leaks). */
function changeableBy(
  context: RequestContext,
  customerId: string,
  state: CustomerState,
): RegisteredState {
  if (!state.registered || !mayAct(context.scope, state)) {
    throw new CustomerError(CustomerErrorCode.NotFound, `customer ${customerId} not found`, {
      customerId,
    });
  }
  return state;
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
    const idempotencyKey = options.idempotencyKey ?? context.idempotencyKey;
    const handled = await this.customers.handle(
      customerId,
      ({ state }) => {
        const changeable = changeableBy(context, customerId, state);
        options.authorize?.(changeable);
        return command(changeable);
      },
      { ...causeOf(context), idempotencyKey },
      {
        expectedVersion: context.expectedVersion,
        retries: options.retries ?? 0,
        dryRun: options.dryRun ?? false,
      },
    );
    if (handled.stream !== customerId) {
      // The idempotency key belongs to another customer's stream (e.g. an order reference
      // already recorded elsewhere): report it, do not pretend it happened here.
      throw new CustomerError(
        CustomerErrorCode.PurchaseReferenceTaken,
        'this source system and order reference were recorded for another customer',
        {},
      );
    }
    const eventTypes = handled.events.map((event) => event.type);
    await this.audited(customerId, context, handled.replayed, eventTypes);
    return { customerId, version: handled.version, eventTypes, replayed: handled.replayed };
  }

  /**
   * Many customers' batches (a bulk import), written together: one `appendMany` of their
   * commits and one write of their audit entries (still one entry per change, naming every event
   * it appended). Each command is decided on the state the ones before it left, with the same
   * access check as `run`, and refused or accepted on its own. Customers missing from the cache
   * are loaded, `loadsInFlight` at once.
   */
  async runBatches(
    context: RequestContext,
    batches: readonly CustomerBatch[],
    options: BatchRunOptions,
  ): Promise<BatchRunOutcome[]> {
    const { cache } = options;
    let handled;
    try {
      handled = await this.customers.handleBatches(
        batches.map(({ customerId, commands, idempotencyKey }) => ({
          stream: customerId,
          commands: commands.map(
            (command) =>
              ({ state }: Folded<CustomerState>) =>
                command(changeableBy(context, customerId, state)),
          ),
          metadata: { ...causeOf(context), idempotencyKey },
          loaded: cache.get(customerId),
        })),
        { retries: options.retries ?? 0, loadsInFlight: options.loadsInFlight },
      );
    } catch (error) {
      for (const { customerId } of batches) cache.delete(customerId);
      throw error;
    }
    const outcomes = handled.map((one, index) => {
      const { customerId } = batches[index]!;
      cache.set(customerId, { state: one.state, version: one.version });
      return { customerId, version: one.version, outcomes: one.outcomes, replayed: one.replayed };
    });
    await this.audit.recordMany(
      handled.flatMap((one, index) => {
        const eventTypes = one.outcomes.flatMap(
          (outcome) => outcome.events?.map((event) => event.type) ?? [],
        );
        return eventTypes.length === 0
          ? []
          : [this.auditEntry(batches[index]!.customerId, context, one.replayed, eventTypes)];
      }),
    );
    return outcomes;
  }

  private async audited(
    customerId: string,
    context: RequestContext,
    replayed: boolean,
    eventTypes: readonly string[],
  ): Promise<void> {
    if (eventTypes.length > 0) {
      await this.audit.record(this.auditEntry(customerId, context, replayed, eventTypes));
    }
  }

  private auditEntry(
    customerId: string,
    context: RequestContext,
    replayed: boolean,
    eventTypes: readonly string[],
  ): Omit<AuditEntry, '_id' | 'at'> {
    return {
      actorId: context.principal.userId,
      roles: context.principal.roles,
      action: 'customer.changed',
      customerId,
      correlationId: context.correlationId,
      what: replayed ? ['replayed', ...eventTypes] : eventTypes,
    };
  }
}
