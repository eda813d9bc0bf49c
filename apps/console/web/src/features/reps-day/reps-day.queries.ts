import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { VISIT_CHANNELS } from '@crm/contracts/visit-catalogue';
import { answer, api, type ApiAnswer } from '@console/shared/api/services';

export const FOLLOW_UP_OUTCOMES = ['reached', 'not_reached', 'declined', 'issue_raised'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** A follow-up call of the rep's, as engagement lists it (D9). */
export type FollowUp = ApiAnswer<'analytics', '/engagement/follow-ups'>['items'][number];

/** A greeting planned for a contact of the rep's customers, as engagement lists it (D9). */
export type Greeting = ApiAnswer<'analytics', '/engagement/greetings'>['items'][number];

/** What the rep's day shows of the greetings: still to go out, gone out as a task, or failed. */
export const GREETINGS_DUE_STATUSES = 'planned,sent,failed';
export const GREETINGS_DUE_DAYS = 7;

export const useDueGreetings = (due: { from: string; to: string }) =>
  useQuery({
    queryKey: ['greetings', 'due', due.from, due.to],
    queryFn: () =>
      answer(
        api.analytics.GET('/engagement/greetings', {
          params: { query: { status: GREETINGS_DUE_STATUSES, ...due, limit: 100 } },
        }),
      ),
  });

/** The month's visit plan (D4), as the visits service computes it. */
export type VisitPlan = ApiAnswer<'visits', '/visit-plans/{month}'>;
export type VisitPlanRow = VisitPlan['rows'][number];
/** D4: an A customer and the same rep's B/C customers of the same region and city, for one trip. */
export type RouteSuggestion = VisitPlan['routes'][number];
/** The plan's compliance per tier. */
export type TierCompliance = VisitPlan['byTier'][number];
export type CustomerListItem = ApiAnswer<'customers', '/customers'>['items'][number];
export type VisitListItem = ApiAnswer<'visits', '/visits'>['items'][number];

const DUE_FOLLOW_UPS = ['follow-ups', 'due'] as const;

export const useDueFollowUps = () =>
  useQuery({
    queryKey: DUE_FOLLOW_UPS,
    queryFn: () =>
      answer(
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
      answer(
        api.analytics.POST('/engagement/follow-ups/{followUpId}/complete', {
          params: { path: { followUpId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: DUE_FOLLOW_UPS }),
  });
};

export type VisitChannel = (typeof VISIT_CHANNELS)[number];

const VISITS = ['visits'] as const;

export const useVisitPlan = (month: string, enabled: boolean, repId?: string) =>
  useQuery({
    queryKey: [...VISITS, 'plan', month, repId ?? 'all'],
    enabled,
    queryFn: () =>
      answer(
        api.visits.GET('/visit-plans/{month}', {
          params: { path: { month }, query: repId ? { repId } : {} },
        }),
      ),
  });

export const useMyCustomers = () =>
  useQuery({
    queryKey: ['customers', 'mine'],
    queryFn: () => answer(api.customers.GET('/customers', { params: { query: { limit: 100 } } })),
  });

export const useMonthVisits = (month: string, enabled: boolean) =>
  useQuery({
    queryKey: [...VISITS, 'month', month],
    enabled,
    queryFn: () => answer(api.visits.GET('/visits', { params: { query: { month, limit: 100 } } })),
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
      answer(
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
      answer(
        api.visits.POST('/visits/{id}/complete', {
          params: { path: { id: visitId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VISITS }),
  });
};
