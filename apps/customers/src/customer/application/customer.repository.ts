import { Inject, Injectable } from '@nestjs/common';
import type { CustomerEvent } from '@crm/contracts';
import type { MongoEventStore } from '@crm/event-store';
import { EVENT_STORE } from '@crm/platform';
import {
  evolveCustomer,
  initialCustomerState,
  type CustomerState,
} from '@apps/customers/src/customer/domain/customer.decider';

export interface LoadedCustomer {
  readonly state: CustomerState;
  readonly version: number;
}

/** Loads a customer by folding its stream: the source of truth, always current. */
@Injectable()
export class CustomerRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: MongoEventStore) {}

  async load(customerId: string): Promise<LoadedCustomer> {
    const stream = await this.store.load(customerId);
    const state = stream.events.reduce(
      (current, event) => evolveCustomer(current, { type: event.type, data: event.data } as CustomerEvent),
      initialCustomerState,
    );
    return { state, version: stream.version };
  }
}
