import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api, type ApiAnswer, type ApiBody } from '@console/shared/api/services';

/** The customer's card as the customers service shows it (personal values masked for some). */
export type CustomerCard = ApiAnswer<'customers', '/customers/{id}'>;
export type Contact = CustomerCard['contacts'][number];
/** D11: the service vouchers its points were redeemed for; `usedOn` once used. */
export type Voucher = CustomerCard['vouchers'][number];
/** Analytics' 360 view: figures, open complaints, the next visit and the open pipeline. */
export type Customer360 = ApiAnswer<'analytics', '/analytics/customers/{id}'>;
/** D6 for one customer (analytics): the CSI after each score, and the alerts. */
export type SatisfactionTrend = ApiAnswer<'analytics', '/analytics/customers/{id}/satisfaction'>;
export type OpportunityListItem = ApiAnswer<'visits', '/opportunities'>['items'][number];
export type TierHistory = ApiAnswer<'analytics', '/analytics/customers/{id}/tiers'>;

export const useCustomerCard = (id: string | undefined) =>
  useQuery({
    queryKey: ['customer', id],
    enabled: Boolean(id),
    queryFn: () => answer(api.customers.GET('/customers/{id}', { params: { path: { id: id! } } })),
  });

export const useCustomer360 = (id: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['customer-360', id],
    enabled: Boolean(id) && enabled,
    queryFn: () =>
      answer(api.analytics.GET('/analytics/customers/{id}', { params: { path: { id: id! } } })),
  });

export const useTierHistory = (id: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['tier-history', id],
    enabled: Boolean(id) && enabled,
    retry: false,
    queryFn: () =>
      answer(
        api.analytics.GET('/analytics/customers/{id}/tiers', { params: { path: { id: id! } } }),
      ),
  });

export const useSatisfactionTrend = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['satisfaction-trend', id],
    enabled,
    queryFn: () =>
      answer(
        api.analytics.GET('/analytics/customers/{id}/satisfaction', {
          params: { path: { id } },
        }),
      ),
  });

export const TIMELINE_SERVICES = [
  'customers',
  'visits',
  'complaints',
  'analytics',
  'engagement',
] as const;
export type TimelineService = (typeof TIMELINE_SERVICES)[number];

type TimelineAnswer = ApiAnswer<'analytics', '/analytics/customers/{id}/timeline'>;
export type TimelineEntry = TimelineAnswer['items'][number];

/** The customer's timeline across the services (analytics), newest first, a page at a time. */
export const useCustomerTimeline = (
  id: string,
  service: TimelineService | undefined,
  enabled: boolean,
) =>
  useInfiniteQuery({
    queryKey: ['customer-timeline', id, service ?? 'all'],
    enabled,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: TimelineAnswer) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam }) =>
      answer(
        api.analytics.GET('/analytics/customers/{id}/timeline', {
          params: {
            path: { id },
            query: {
              limit: 20,
              ...(service ? { service } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
  });

/** The customer's latest 100 of each, from the service that owns them. */
const LATEST = 100;

export const useCustomerVisits = (customerId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['visits', 'customer', customerId],
    enabled,
    queryFn: () =>
      answer(api.visits.GET('/visits', { params: { query: { customerId, limit: LATEST } } })),
  });

export const useCustomerOpportunities = (customerId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['opportunities', 'customer', customerId],
    enabled,
    queryFn: () =>
      answer(
        api.visits.GET('/opportunities', { params: { query: { customerId, limit: LATEST } } }),
      ),
  });

export const useCustomerComplaints = (customerId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['complaints', 'customer', customerId],
    enabled,
    queryFn: () =>
      answer(
        api.complaints.GET('/complaints', { params: { query: { customerId, limit: LATEST } } }),
      ),
  });

/** The customer's own reads after a change: the card, the 360 view and its activity. */
const useRefreshCustomer = () => {
  const queryClient = useQueryClient();
  return (customerId: string) =>
    Promise.all(
      [
        ['customer', customerId],
        ['customer-360', customerId],
        ['customer-timeline', customerId],
        ['opportunities', 'customer', customerId],
      ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
};

/**
 * A change to one customer from a dialog: one idempotency key per dialog (a second click changes
 * nothing twice), and the customer's reads refreshed after it.
 */
const useCustomerChange = <TBody extends object, TAnswer>(
  send: (
    customerId: string,
    body: TBody,
    headers: { readonly 'idempotency-key': string },
  ) => Promise<TAnswer>,
) => {
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: ({
      idempotencyKey,
      customerId,
      ...body
    }: { idempotencyKey: string; customerId: string } & TBody) =>
      send(customerId, body as unknown as TBody, { 'idempotency-key': idempotencyKey }),
    onSuccess: (_, { customerId }) => refresh(customerId),
  });
};

export const useRecordPurchase = () =>
  useCustomerChange<
    ApiBody<'customers', '/customers/{id}/purchases', 'post'>,
    ApiAnswer<'customers', '/customers/{id}/purchases', 'post'>
  >((id, body, headers) =>
    answer(
      api.customers.POST('/customers/{id}/purchases', { params: { path: { id } }, body, headers }),
    ),
  );

/** D11: points redeemed for a service voucher (the answer's `redemptionId` is the voucher's id). */
export const useRedeemPoints = () =>
  useCustomerChange<{ points: number; voucher: string }, { redemptionId: string }>(
    (id, body, headers) =>
      answer(
        api.customers.POST('/customers/{id}/points/redeem', {
          params: { path: { id } },
          body,
          headers,
        }),
      ),
  );

export const useOpenOpportunity = () =>
  useCustomerChange<
    Omit<ApiBody<'visits', '/opportunities', 'post'>, 'customerId'>,
    ApiAnswer<'visits', '/opportunities', 'post'>
  >((customerId, body, headers) =>
    answer(api.visits.POST('/opportunities', { body: { customerId, ...body }, headers })),
  );
