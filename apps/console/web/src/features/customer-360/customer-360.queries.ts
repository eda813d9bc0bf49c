import { useQuery } from '@tanstack/react-query';
import { answer, api } from '@console/shared/api/services';

export interface Contact {
  readonly contactId: string;
  readonly name: string;
  readonly title?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly buyingRole?: string;
}

export interface CustomerCard {
  readonly customerId: string;
  readonly name: string;
  readonly nature: string;
  readonly region: string;
  readonly city?: string;
  readonly ownerId: string;
  readonly phone?: string;
  readonly email?: string;
  readonly contacts: readonly Contact[];
  readonly tier: string | null;
  readonly lifecycle: string | null;
  readonly pointsBalance: number;
  readonly revenue: { readonly amount: number | string; readonly currency: string };
}

export interface Customer360 {
  readonly tier: string | null;
  readonly lifecycle: string | null;
  readonly csi: number | null;
  readonly satisfactionAlerts: number;
  readonly openComplaints: readonly {
    complaintId: string;
    severity: string | null;
    status: string | null;
  }[];
  readonly nextVisit: { visitId: string; plannedDate: string } | null;
  /** The open pipeline, each currency on its own (amounts as exact decimal strings). */
  readonly funnel: {
    /** The company currency. */
    readonly currency: string;
    readonly openOpportunities: number;
    readonly byCurrency: readonly {
      currency: string;
      exact: { openAmount: string; weightedPipeline: string };
    }[];
  };
}

export interface TierHistory {
  readonly history: readonly { tier: 'A' | 'B' | 'C'; from: string }[];
}

export const useCustomerCard = (id: string | undefined) =>
  useQuery({
    queryKey: ['customer', id],
    enabled: Boolean(id),
    queryFn: () =>
      answer<CustomerCard>(api.customers.GET('/customers/{id}', { params: { path: { id: id! } } })),
  });

export const useCustomer360 = (id: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['customer-360', id],
    enabled: Boolean(id) && enabled,
    queryFn: () =>
      answer<Customer360>(
        api.analytics.GET('/analytics/customers/{id}', { params: { path: { id: id! } } }),
      ),
  });

export const useTierHistory = (id: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['tier-history', id],
    enabled: Boolean(id) && enabled,
    retry: false,
    queryFn: () =>
      answer<TierHistory>(
        api.analytics.GET('/analytics/customers/{id}/tiers', { params: { path: { id: id! } } }),
      ),
  });
