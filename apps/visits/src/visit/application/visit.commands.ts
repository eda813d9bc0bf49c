import type { VisitEvent } from '@crm/contracts';
import type { CommandHandler } from '@crm/event-store';
import { commandHandlerProvider } from '@crm/platform';
import {
  visitDecider,
  type VisitCommand,
  type VisitState,
} from '@apps/visits/src/visit/domain/visit.decider';
import { VISIT_HANDLER } from '@apps/visits/src/visits.tokens';

export type VisitCommandHandler = CommandHandler<VisitState, VisitCommand, VisitEvent>;

/** A visit is its stream (id = visit id), keyed by its customer. */
export const visitHandlerProvider = commandHandlerProvider(VISIT_HANDLER, visitDecider, {
  customerIdOf: (state) => (state.status === 'none' ? undefined : state.customerId),
});
