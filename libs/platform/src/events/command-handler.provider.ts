import type { Provider } from '@nestjs/common';
import {
  CommandHandler,
  type CommandHandlerOptions,
  type Decider,
  type DomainEvent,
  type EventStore,
  type OutboxRelay,
} from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY } from '../infrastructure.tokens';

/**
 * The command handler of one aggregate, on the service's event store: after each append it wakes
 * the service's outbox relay, so an event is published without waiting for the next poll.
 */
export const commandHandlerProvider = <State, Command, Event extends DomainEvent>(
  token: symbol,
  decider: Decider<State, Command, Event>,
  options: Omit<CommandHandlerOptions<State>, 'wake'> = {},
): Provider => ({
  provide: token,
  useFactory: (store: EventStore, relay: Pick<OutboxRelay, 'nudge'>) =>
    new CommandHandler(store, decider, { ...options, wake: () => relay.nudge() }),
  inject: [EVENT_STORE, OUTBOX_RELAY],
});
