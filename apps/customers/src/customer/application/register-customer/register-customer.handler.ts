import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { toCloudEvent, type MongoEventStore, type OutboxRelay } from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY, type RequestContext } from '@crm/platform';
import {
  decideCustomer,
  initialCustomerState,
  type CustomerCommand,
} from '@apps/customers/src/customer/domain/customer.decider';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';
import { assertMayRegister } from '../customer-access.policy';

export type RegisterCustomerInput = Omit<CustomerCommand['data'], 'customerId'>;

export interface RegisterCustomerResult {
  readonly customerId: string;
  readonly version: number;
}

@Injectable()
export class RegisterCustomerHandler {
  private readonly logger = new Logger(RegisterCustomerHandler.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    private readonly cards: CustomerCardProjection,
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
    const stream = appended.events[0]!.stream;
    await this.project(appended.events.map((event) => toCloudEvent('customers', event)));
    return { customerId: stream, version: appended.toVersion };
  }

  /** Read-your-writes; if it fails, the topic consumer brings the card up to date. */
  private async project(events: Parameters<CustomerCardProjection['apply']>[0][]): Promise<void> {
    try {
      for (const event of events) await this.cards.apply(event);
    } catch (error) {
      this.logger.warn({ err: error, msg: 'inline projection failed; the consumer will catch up' });
    }
  }
}
