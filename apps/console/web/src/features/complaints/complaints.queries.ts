import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api, type ApiAnswer } from '@console/shared/api/services';
import type { ComplaintStep } from '@crm/contracts/complaint-workflow';

export type ComplaintListItem = ApiAnswer<'complaints', '/complaints'>['items'][number];
/** One complaint with its deadlines, who the workflow waits on (D7) and its timeline. */
export type ComplaintView = ApiAnswer<'complaints', '/complaints/{id}'>;

const COMPLAINTS = ['complaints'] as const;

export const useComplaintQueue = (status?: string) =>
  useQuery({
    queryKey: [...COMPLAINTS, 'list', status ?? 'all'],
    // The SLA clocks move: the queue refreshes while it is open.
    refetchInterval: 30_000,
    queryFn: () =>
      answer(
        api.complaints.GET('/complaints', {
          params: { query: { limit: 100, ...(status ? { status } : {}) } },
        }),
      ),
  });

export const useComplaint = (complaintId: string | undefined) =>
  useQuery({
    queryKey: [...COMPLAINTS, 'one', complaintId],
    enabled: Boolean(complaintId),
    queryFn: () =>
      answer(api.complaints.GET('/complaints/{id}', { params: { path: { id: complaintId! } } })),
  });

export const useTakeStep = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      complaintId,
      step,
      body,
    }: {
      complaintId: string;
      step: ComplaintStep;
      body: Record<string, unknown>;
    }) =>
      answer(
        // One generated operation per step; the path is the step's.
        api.complaints.POST(`/complaints/{id}/${step}` as '/complaints/{id}/validate', {
          params: { path: { id: complaintId } },
          body: body as never,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: COMPLAINTS }),
  });
};
