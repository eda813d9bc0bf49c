import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
} from '@crm/contracts/complaint-workflow';
import { answer, api } from '@console/shared/api/services';

export { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES };

export interface ComplaintIntake {
  readonly customerId: string;
  readonly channel: (typeof COMPLAINT_CHANNELS)[number];
  readonly category: (typeof COMPLAINT_CATEGORIES)[number];
  readonly severity: (typeof COMPLAINT_SEVERITIES)[number];
  readonly description: string;
  readonly customerWords: string;
  readonly contactName?: string;
  readonly contactPhone?: string;
}
/** The request's field names, where a problem+json answer names them. */
export const INTAKE_FIELDS = [
  'customerId',
  'channel',
  'category',
  'severity',
  'description',
  'customerWords',
  'contactName',
  'contactPhone',
] as const satisfies readonly (keyof ComplaintIntake)[];

/** Customers whose name, code or a contact's name starts with what the agent typed. */
export const useCustomerSearch = (prefix: string) =>
  useQuery({
    queryKey: ['customers', 'search', prefix],
    enabled: prefix.trim().length > 0,
    staleTime: 30_000,
    queryFn: () =>
      answer(
        api.customers.GET('/customers', { params: { query: { q: prefix.trim(), limit: 20 } } }),
      ),
  });

export const useRecordComplaint = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      idempotencyKey,
      intake: { contactName, contactPhone, ...complaint },
    }: {
      idempotencyKey: string;
      intake: ComplaintIntake;
    }) =>
      answer(
        api.complaints.POST('/complaints', {
          body: {
            ...complaint,
            ...(contactName
              ? { contact: { name: contactName, ...(contactPhone ? { phone: contactPhone } : {}) } }
              : {}),
          } as never,
          headers: { 'idempotency-key': idempotencyKey },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['complaints'] }),
  });
};
