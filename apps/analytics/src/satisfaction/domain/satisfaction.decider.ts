import type { AnalyticsEvent } from '@crm/contracts';
import type { Decider } from '@crm/event-store';

type AlertRaised = Extract<AnalyticsEvent, { type: 'SatisfactionAlertRaised' }>;
type SatisfactionChanged = Extract<AnalyticsEvent, { type: 'CustomerSatisfactionChanged' }>;

/** A customer's alert stream (`csi-alert-<id>`): how many episodes were alerted. */
export interface AlertsState {
  readonly customerId: string | null;
  readonly alerts: number;
}

/** D6: an early-warning episode began; its owner and the owner's supervisor are told. */
export type RaiseAlert = AlertRaised['data'];

/** One alert per episode: the command's idempotency key (customer and triggering event) sees to it. */
export const alertDecider: Decider<AlertsState, RaiseAlert, AnalyticsEvent> = {
  initialState: { customerId: null, alerts: 0 },
  evolve: (state, event) =>
    event.type === 'SatisfactionAlertRaised'
      ? { customerId: event.data.customerId, alerts: state.alerts + 1 }
      : state,
  decide: (alert) => [{ type: 'SatisfactionAlertRaised', data: alert }],
};

/** A customer's CSI stream (`csi-<id>`): the latest CSI published. */
export interface CsiState {
  readonly customerId: string | null;
  readonly csi: number | null;
}

/** D6: the CSI after a new score, over every recorded score; null when no score counts. */
export type RecordCsi = Omit<SatisfactionChanged['data'], 'csi'> & { readonly csi: number | null };

/** Every score publishes the CSI it leads to (the card shows it, D1), even an unchanged one. */
export const csiDecider: Decider<CsiState, RecordCsi, AnalyticsEvent> = {
  initialState: { customerId: null, csi: null },
  evolve: (state, event) =>
    event.type === 'CustomerSatisfactionChanged'
      ? { customerId: event.data.customerId, csi: event.data.csi }
      : state,
  decide: ({ csi, ...score }) =>
    csi === null ? [] : [{ type: 'CustomerSatisfactionChanged', data: { ...score, csi } }],
};
