import type { OpportunityEvent } from '@crm/contracts';
import type { CommandHandler } from '@crm/event-store';
import { commandHandlerProvider } from '@crm/platform';
import {
  opportunityDecider,
  type OpportunityCommand,
  type OpportunityState,
} from '@apps/visits/src/opportunity/domain/opportunity.decider';
import { OPPORTUNITY_HANDLER } from '@apps/visits/src/visits.tokens';

export type OpportunityCommandHandler = CommandHandler<
  OpportunityState,
  OpportunityCommand,
  OpportunityEvent
>;

/** An opportunity is its stream (id = opportunity id), keyed by its customer. */
export const opportunityHandlerProvider = commandHandlerProvider(
  OPPORTUNITY_HANDLER,
  opportunityDecider,
  { customerIdOf: (state) => (state.status === 'none' ? undefined : state.customerId) },
);
