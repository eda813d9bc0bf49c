import type { AnalyticsEvent } from '@crm/contracts';
import type { CommandHandler } from '@crm/event-store';
import { commandHandlerProvider } from '@crm/platform';
import {
  lifecycleDecider,
  type LifecycleCommand,
  type LifecycleState,
} from '../domain/lifecycle.decider';

export const LIFECYCLE_HANDLER = Symbol('LIFECYCLE_HANDLER');

export type LifecycleCommandHandler = CommandHandler<
  LifecycleState,
  LifecycleCommand,
  AnalyticsEvent
>;

/** The only writer of the lifecycle streams; each event is keyed by its customer. */
export const lifecycleHandlerProvider = commandHandlerProvider(
  LIFECYCLE_HANDLER,
  lifecycleDecider,
  { customerIdOf: (state) => state.customerId ?? undefined },
);
