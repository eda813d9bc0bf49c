import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  BUYING_ROLE_FOCUSES,
  BUYING_ROLES,
  CUSTOMER_NATURES,
  CUSTOMER_SOURCES,
} from '@crm/contracts/customer-catalogue';
import { answer, api, type ApiAnswer, type ApiBody } from '@console/shared/api/services';

export { BUYING_ROLE_FOCUSES, BUYING_ROLES, CUSTOMER_NATURES, CUSTOMER_SOURCES };

/** The card fields the form asks, as the registration takes them. */
export const CARD_FIELDS = [
  'name',
  'nature',
  'region',
  'ownerId',
  'city',
  'industry',
  'phone',
  'email',
  'taxNumber',
  'source',
  'expectedAnnualPurchase',
] as const;
export type CardFields = Pick<
  ApiBody<'customers', '/customers', 'post'>,
  (typeof CARD_FIELDS)[number]
>;

/** The contact fields the form asks, as the customers service adds a contact. */
export const CONTACT_FIELDS = [
  'name',
  'title',
  'phone',
  'email',
  'buyingRole',
  'buyingRoleFocus',
  'birthday',
] as const;
export type ContactFields = Pick<
  ApiBody<'customers', '/customers/{id}/contacts', 'post'>,
  (typeof CONTACT_FIELDS)[number]
>;

export type PossibleDuplicate = ApiAnswer<
  'customers',
  '/customers/duplicates/check',
  'post'
>['items'][number];

export type IdentifyingFields = Pick<CardFields, 'name' | 'phone' | 'email' | 'taxNumber'>;

/** Only what the user typed: empty fields are left out of every request. */
export const filled = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(values).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  ) as Partial<T>;

/** The customers a card with these values would duplicate, asked before anything is saved. */
export const useDuplicateCheck = (fields: Partial<IdentifyingFields>) => {
  const asked = filled(fields);
  return useQuery({
    queryKey: ['customers', 'duplicate-check', asked],
    enabled: Object.keys(asked).length > 0,
    staleTime: 30_000,
    queryFn: () =>
      answer(api.customers.POST('/customers/duplicates/check', { body: asked as never })),
  });
};

export const useRegisterCustomer = () =>
  useMutation({
    mutationFn: ({ idempotencyKey, card }: { idempotencyKey: string; card: CardFields }) =>
      answer(
        api.customers.POST('/customers', {
          body: filled(card) as never,
          headers: { 'idempotency-key': idempotencyKey },
        }),
      ),
  });

export const useCustomerCardOf = (customerId: string | undefined) =>
  useQuery({
    queryKey: ['customer', customerId],
    enabled: Boolean(customerId),
    queryFn: () =>
      answer(api.customers.GET('/customers/{id}', { params: { path: { id: customerId! } } })),
  });

export const useAddContact = (customerId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, contact }: { idempotencyKey: string; contact: ContactFields }) =>
      answer(
        api.customers.POST('/customers/{id}/contacts', {
          params: { path: { id: customerId } },
          body: filled(contact) as never,
          headers: { 'idempotency-key': idempotencyKey },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['customer', customerId] }),
  });
};

/** The new customer's row of this month's plan (it appears a moment after the registration). */
export const useNewCustomerPlan = (month: string, customerId: string | undefined, repId: string) =>
  useQuery({
    queryKey: ['visits', 'plan', month, repId, 'new', customerId],
    enabled: Boolean(customerId),
    // Visits learns of the customer and of each visit planned from the topics: ask while shown.
    refetchInterval: 3_000,
    queryFn: () =>
      answer(
        api.visits.GET('/visit-plans/{month}', {
          params: { path: { month }, query: { repId } },
        }),
      ),
  });
