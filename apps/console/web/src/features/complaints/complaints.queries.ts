import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api, type Page } from '@console/shared/api/services';
import type { Role } from '@console/shared/api/session';
import type { ComplaintStep } from '@crm/contracts/complaint-workflow';

export interface ComplaintListItem {
  readonly complaintId: string;
  readonly customerId: string;
  readonly status: string;
  readonly severity: string;
  readonly category: string;
  readonly handlerId: string | null;
  readonly recordedAt: string;
  readonly nextDue: string | null;
  readonly overdue: boolean;
}

export interface ComplaintView {
  readonly complaintId: string;
  readonly status: string;
  readonly severity: string;
  readonly category: string;
  readonly description?: string;
  readonly version: number;
  readonly handlerId: string | null;
  /** The plan under decision, with who proposed it (four eyes: not its approver). */
  readonly proposal: { readonly proposedBy: string; readonly cost: number } | null;
  readonly dueToAct: {
    readonly party: 'staff' | 'customer';
    readonly role: Role | null;
    readonly userId: string | null;
    readonly steps: readonly ComplaintStep[];
  } | null;
  readonly timeline: readonly { sequence: number; type: string; at: string; actorId: string }[];
}

const COMPLAINTS = ['complaints'] as const;

export const useComplaintQueue = (status?: string) =>
  useQuery({
    queryKey: [...COMPLAINTS, 'list', status ?? 'all'],
    // The SLA clocks move: the queue refreshes while it is open.
    refetchInterval: 30_000,
    queryFn: () =>
      answer<Page<ComplaintListItem>>(
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
      answer<ComplaintView>(
        api.complaints.GET('/complaints/{id}', { params: { path: { id: complaintId! } } }),
      ),
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
      answer<{ version: number }>(
        // One generated operation per step; the path is the step's.
        api.complaints.POST(`/complaints/{id}/${step}` as '/complaints/{id}/validate', {
          params: { path: { id: complaintId } },
          body: body as never,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: COMPLAINTS }),
  });
};
