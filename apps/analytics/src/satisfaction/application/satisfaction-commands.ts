import type { AnalyticsEvent } from '@crm/contracts';
import type { CommandHandler } from '@crm/event-store';
import { commandHandlerProvider } from '@crm/platform';
import {
  alertDecider,
  csiDecider,
  type AlertsState,
  type CsiState,
  type RaiseAlert,
  type RecordCsi,
} from '../domain/satisfaction.decider';

export const ALERT_HANDLER = Symbol('ALERT_HANDLER');
export const CSI_HANDLER = Symbol('CSI_HANDLER');

export type AlertCommandHandler = CommandHandler<AlertsState, RaiseAlert, AnalyticsEvent>;
export type CsiCommandHandler = CommandHandler<CsiState, RecordCsi, AnalyticsEvent>;

/** The only writers of the alert and CSI streams; each event is keyed by its customer. */
export const satisfactionHandlerProviders = [
  commandHandlerProvider(ALERT_HANDLER, alertDecider, {
    customerIdOf: (state) => state.customerId ?? undefined,
  }),
  commandHandlerProvider(CSI_HANDLER, csiDecider, {
    customerIdOf: (state) => state.customerId ?? undefined,
  }),
];
