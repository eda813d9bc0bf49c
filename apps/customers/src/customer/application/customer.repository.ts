import { Inject, Injectable } from '@nestjs/common';
import type { CustomerEvent } from '@crm/contracts';
import { foldEvents, type MongoEventStore, type StoredEvent } from '@crm/event-store';
import { EVENT_STORE } from '@crm/platform';
import { customerDecider } from '@apps/customers/src/customer/domain/customer.decider';
import type { CustomerState } from '@apps/customers/src/customer/domain/customer.state';

export interface LoadedCustomer {
  readonly state: CustomerState;
  readonly version: number;
  readonly events: readonly StoredEvent[];
}

/**
 * Reads a customer by folding its stream (the source of truth, always current), with the events
 * for its history. Changes go through `CustomerCommands`, never through here.
 */
@Injectable()
export class CustomerRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: MongoEventStore) {}

  async load(customerId: string): Promise<LoadedCustomer> {
    const stream = await this.store.load(customerId);
    const events = stream.events.map(({ type, data }) => ({ type, data }) as CustomerEvent);
    const state = foldEvents(customerDecider, customerDecider.initialState, events);
    return { state, version: stream.version, events: stream.events };
  }
}
