import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { MongoEventStore, OutboxRelay } from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY, type RequestContext } from '@crm/platform';
import {
  decideCustomer,
  initialCustomerState,
  type CustomerCommand,
} from '@apps/customers/src/customer/domain/customer.decider';
import { assertMayRegister } from '../customer-access.policy';

export type RegisterCustomerInput = Omit<CustomerCommand['data'], 'customerId'>;

export interface RegisterCustomerResult {
  readonly customerId: string;
  readonly version: number;
}

@Injectable()
export class RegisterCustomerHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async execute(input: RegisterCustomerInput, context: RequestContext): Promise<RegisterCustomerResult> {
    assertMayRegister(context.principal, input);
    const customerId = uuidv7();
    const events = decideCustomer(
      { type: 'RegisterCustomer', data: { customerId, ...input }, now: new Date() },
      initialCustomerState,
    );
    const appended = await this.store.append(customerId, 0, events, {
      actorId: context.principal.userId,
      correlationId: context.correlationId,
      causationId: context.correlationId,
      customerId,
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
    });
    this.relay.nudge();
    // A replayed append belongs to the first request's customer, not to the id drawn above.
    return { customerId: appended.events[0]!.stream, version: appended.toVersion };
  }
}
