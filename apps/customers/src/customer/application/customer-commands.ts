import { Injectable } from '@nestjs/common';
import { EventStoreError, EventStoreErrorCode } from '@crm/event-store';
import { mayAct, type RequestContext } from '@crm/platform';
import {
  decideCustomer,
  type CustomerCommand,
  type CustomerState,
} from '@apps/customers/src/customer/domain/customer.decider';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { CustomerRepository, type AppendOptions, type LoadedCustomer } from './customer.repository';

type RegisteredState = Extract<CustomerState, { registered: true }>;

export interface CommandOutcome {
  readonly customerId: string;
  readonly version: number;
  /** The events of this change (or of the first one, for an idempotent replay). */
  readonly eventTypes: readonly string[];
  readonly replayed: boolean;
}

export interface RunOptions extends AppendOptions {
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
  readonly cache?: Map<string, LoadedCustomer>;
}

/**
 * Every change to a customer goes through here: load the stream, check the caller may change this
 * customer (else 404: nothing leaks), check If-Match (412), decide, append at the loaded version,
 * and record the change in the audit log.
 */
@Injectable()
export class CustomerCommands {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly audit: AuditLogStore,
  ) {}

  async run(
    customerId: string,
    context: RequestContext,
    command: (state: RegisteredState) => CustomerCommand,
    options: RunOptions = {},
  ): Promise<CommandOutcome> {
    for (let attempt = 0; ; attempt += 1) {
      const loaded = options.cache?.get(customerId) ?? (await this.customers.load(customerId));
      options.cache?.set(customerId, { state: loaded.state, version: loaded.version, events: [] });
      const { state, version } = loaded;
      if (!state.registered || !mayAct(context.scope, state)) {
        throw new CustomerError(CustomerErrorCode.NotFound, `customer ${customerId} not found`, {
          customerId,
        });
      }
      this.customers.assertExpectedVersion(customerId, context, version);
      options.authorize?.(state);
      const events = decideCustomer(command(state), state);
      if (options.dryRun) return { customerId, version, eventTypes: [], replayed: false };
      if (events.length === 0) return { customerId, version, eventTypes: [], replayed: false };
      try {
        const appended = await this.customers.append(customerId, version, events, context, options);
        if (appended.events[0]?.stream !== customerId) {
          // The idempotency key belongs to another customer's stream (e.g. an order reference
          // already recorded elsewhere): report it, do not pretend it happened here.
          throw new CustomerError(
            CustomerErrorCode.PurchaseReferenceTaken,
            'this source system and order reference were recorded for another customer',
            {},
          );
        }
        const eventTypes = appended.events.map((event) => event.type);
        if (options.cache) {
          if (appended.replayed) options.cache.delete(customerId);
          else options.cache.set(customerId, this.customers.followed(loaded, appended.events));
        }
        await this.audit.record({
          actorId: context.principal.userId,
          roles: context.principal.roles,
          action: 'customer.changed',
          customerId,
          correlationId: context.correlationId,
          what: appended.replayed ? ['replayed', ...eventTypes] : eventTypes,
        });
        return { customerId, version: appended.toVersion, eventTypes, replayed: appended.replayed };
      } catch (error) {
        options.cache?.delete(customerId);
        const conflict =
          error instanceof EventStoreError &&
          error.code === EventStoreErrorCode.StreamVersionConflict;
        if (!conflict || context.expectedVersion !== undefined || attempt >= (options.retries ?? 0))
          throw error;
      }
    }
  }
}
