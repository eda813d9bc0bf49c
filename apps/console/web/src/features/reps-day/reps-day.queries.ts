import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { VISIT_CHANNELS } from '@crm/contracts/visit-catalogue';
import { answer, api, type Page } from '@console/shared/api/services';
import type { components } from '@console/shared/api/generated/analytics';

export const FOLLOW_UP_OUTCOMES = ['reached', 'not_reached', 'declined', 'issue_raised'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export interface FollowUp {
  readonly followUpId: string;
  readonly customerId: string;
  /** From analytics' 360 view; null until it has the customer's registration. */
  readonly customerName: string | null;
  readonly ownerId: string;
  readonly reason: string;
  readonly channel: string;
  readonly status: 'scheduled' | 'due' | 'completed' | 'cancelled';
  readonly scheduledFor: string;
}

/** A greeting planned for a contact of the rep's customers, as engagement lists it (D9). */
export type Greeting = components['schemas']['GreetingDto'];

/** What the rep's day shows of the greetings: still to go out, gone out as a task, or failed. */
export const GREETINGS_DUE_STATUSES = 'planned,sent,failed';
export const GREETINGS_DUE_DAYS = 7;

export const useDueGreetings = (due: { from: string; to: string }) =>
  useQuery({
    queryKey: ['greetings', 'due', due.from, due.to],
    queryFn: () =>
      answer<components['schemas']['GreetingPageDto']>(
        api.analytics.GET('/engagement/greetings', {
          params: { query: { status: GREETINGS_DUE_STATUSES, ...due, limit: 100 } },
        }),
      ),
  });

export interface VisitPlanRow {
  readonly customerId: string;
  readonly customerName: string;
  readonly repId: string;
  readonly region: string;
  readonly city?: string;
  readonly tier: 'A' | 'B' | 'C';
  readonly required: number;
  readonly planned: number;
  readonly completed: number;
  readonly missed: number;
  /** Required visits neither planned nor done yet. */
  readonly missing: number;
  readonly compliance: number | null;
  /** The visits service's day for each missing visit (A from the first week, B/C after it). */
  readonly proposedDates: readonly string[];
  /** C-tier visits may be phone calls (D4). */
  readonly phoneCallAllowed: boolean;
}

/** D4: an A customer and the same rep's B/C customers of the same region and city, for one trip. */
export interface RouteSuggestion {
  readonly repId: string;
  readonly anchorCustomerId: string;
  readonly day: string | null;
  readonly nearby: readonly { customerId: string; name: string; tier: 'A' | 'B' | 'C' }[];
}

/** The plan's compliance per tier, as the visits service computes it. */
export interface TierCompliance {
  readonly tier: 'A' | 'B' | 'C';
  readonly customers: number;
  readonly required: number;
  readonly planned: number;
  readonly completed: number;
  readonly missing: number;
  readonly compliance: number | null;
}

export interface VisitPlan {
  readonly month: string;
  readonly rows: readonly VisitPlanRow[];
  readonly routes: readonly RouteSuggestion[];
  readonly byTier: readonly TierCompliance[];
}

export interface CustomerListItem {
  readonly customerId: string;
  readonly name: string;
  readonly region: string;
  readonly city: string | null;
  readonly tier: string | null;
  readonly lifecycle: string | null;
}

const DUE_FOLLOW_UPS = ['follow-ups', 'due'] as const;

export const useDueFollowUps = () =>
  useQuery({
    queryKey: DUE_FOLLOW_UPS,
    queryFn: () =>
      answer<Page<FollowUp>>(
        api.analytics.GET('/engagement/follow-ups', {
          params: { query: { status: 'due', limit: 100 } },
        }),
      ),
  });

export const useCompleteFollowUp = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      followUpId,
      ...body
    }: {
      followUpId: string;
      outcome: FollowUpOutcome;
      satisfactionScore?: number;
      note?: string;
    }) =>
      answer<{ status: 'completed' }>(
        api.analytics.POST('/engagement/follow-ups/{followUpId}/complete', {
          params: { path: { followUpId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: DUE_FOLLOW_UPS }),
  });
};

export type VisitChannel = (typeof VISIT_CHANNELS)[number];

export interface VisitListItem {
  readonly visitId: string;
  readonly customerId: string;
  readonly plannedDate: string;
  readonly channel: string;
  readonly purpose: string;
  readonly status: 'planned' | 'completed' | 'cancelled' | 'missed';
  readonly feedbackScore?: number;
}

const VISITS = ['visits'] as const;

export const useVisitPlan = (month: string, enabled: boolean, repId?: string) =>
  useQuery({
    queryKey: [...VISITS, 'plan', month, repId ?? 'all'],
    enabled,
    queryFn: () =>
      answer<VisitPlan>(
        api.visits.GET('/visit-plans/{month}', {
          params: { path: { month }, query: repId ? { repId } : {} },
        }),
      ),
  });

export const useMyCustomers = () =>
  useQuery({
    queryKey: ['customers', 'mine'],
    queryFn: () =>
      answer<Page<CustomerListItem>>(
        api.customers.GET('/customers', { params: { query: { limit: 100 } } }),
      ),
  });

export const useMonthVisits = (month: string, enabled: boolean) =>
  useQuery({
    queryKey: [...VISITS, 'month', month],
    enabled,
    queryFn: () =>
      answer<Page<VisitListItem>>(
        api.visits.GET('/visits', { params: { query: { month, limit: 100 } } }),
      ),
  });

export const useLogVisit = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      idempotencyKey,
      ...body
    }: {
      /** One per dialog: a second click on the same form records the visit once. */
      idempotencyKey: string;
      customerId: string;
      plannedDate: string;
      timeZone: string;
      channel: VisitChannel;
      purpose: string;
    }) =>
      answer<{ visitId: string }>(
        api.visits.POST('/visits', {
          body,
          headers: { 'idempotency-key': idempotencyKey },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VISITS }),
  });
};

export const useCompleteVisit = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      visitId,
      ...body
    }: {
      visitId: string;
      outcome: string;
      feedbackScore: number;
    }) =>
      answer<{ status: 'completed' }>(
        api.visits.POST('/visits/{id}/complete', {
          params: { path: { id: visitId } },
          body: body as never,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VISITS }),
  });
};
