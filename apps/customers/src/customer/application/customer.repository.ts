import { Inject, Injectable } from '@nestjs/common';
import type { CustomerEvent } from '@crm/contracts';
import {
  type AppendResult,
  assertStreamVersion,
  type MongoEventStore,
  type OutboxRelay,
  type StoredEvent,
} from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY, type RequestContext } from '@crm/platform';
import {
  evolveCustomer,
  initialCustomerState,
  type CustomerState,
} from '@apps/customers/src/customer/domain/customer.decider';

export interface LoadedCustomer {
  readonly state: CustomerState;
  readonly version: number;
  readonly events: readonly StoredEvent[];
}

export interface AppendOptions {
  /** Makes the append idempotent: overrides the request's Idempotency-Key. */
  readonly idempotencyKey?: string;
}

/** Loads a customer by folding its stream (the source of truth, always current) and appends to it. */
@Injectable()
export class CustomerRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: Pick<OutboxRelay, 'nudge'>,
  ) {}

  async load(customerId: string): Promise<LoadedCustomer> {
    const stream = await this.store.load(customerId);
    const state = stream.events.reduce(
      (current, event) =>
        evolveCustomer(current, { type: event.type, data: event.data } as CustomerEvent),
      initialCustomerState,
    );
    return { state, version: stream.version, events: stream.events };
  }

  /** The customer after events this process has just appended to its stream. */
  followed(loaded: LoadedCustomer, appended: readonly StoredEvent[]): LoadedCustomer {
    return {
      state: appended.reduce(
        (current, event) =>
          evolveCustomer(current, { type: event.type, data: event.data } as CustomerEvent),
        loaded.state,
      ),
      version: appended.at(-1)?.sequence ?? loaded.version,
      events: [],
    };
  }

  /** A caller's If-Match must name the version it read: otherwise 412 before anything is decided. */
  assertExpectedVersion(
    customerId: string,
    context: Pick<RequestContext, 'expectedVersion'>,
    version: number,
  ): void {
    assertStreamVersion(customerId, version, context.expectedVersion);
  }

  async append(
    customerId: string,
    expectedVersion: number,
    events: readonly CustomerEvent[],
    context: RequestContext,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const idempotencyKey = options.idempotencyKey ?? context.idempotencyKey;
    const appended = await this.store.append(customerId, expectedVersion, events, {
      actorId: context.principal.userId,
      correlationId: context.correlationId,
      causationId: context.correlationId,
      customerId,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    this.relay.nudge();
    return appended;
  }
}
