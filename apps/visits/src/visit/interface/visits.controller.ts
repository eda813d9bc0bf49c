import {
  ApiController,
  ChangeRoute,
  CreateRoute,
  Ctx,
  ListRoute,
  ReadRoute,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ZodParam,
} from '@crm/platform';
import { z } from 'zod';
import { ChangeVisitHandler } from '@apps/visits/src/visit/application/change-visit/change-visit.handler';
import { GetVisitQuery } from '@apps/visits/src/visit/application/get-visit/get-visit.query';
import { ListVisitsQuery } from '@apps/visits/src/visit/application/list-visits/list-visits.query';
import { visitAnswer, visitChangeAnswer, visitPage } from './visits.responses';
import { PlanVisitHandler } from '@apps/visits/src/visit/application/plan-visit/plan-visit.handler';
import {
  cancelVisitRequest,
  completeVisitRequest,
  listVisitsRequest,
  planVisitRequest,
  rescheduleVisitRequest,
  visitIdParam,
  type CancelVisitRequest,
  type CompleteVisitRequest,
  type ListVisitsRequest,
  type PlanVisitRequest,
  type RescheduleVisitRequest,
} from './visits.requests';

type VisitResult = z.infer<typeof visitChangeAnswer>;

/** Visits (D4): every route is the sales team's, each member within their access scope. */
@ApiController('visits')
@Roles('admin', 'sales_manager', 'sales_rep')
export class VisitsController {
  constructor(
    private readonly planVisit: PlanVisitHandler,
    private readonly changeVisit: ChangeVisitHandler,
    private readonly getVisit: GetVisitQuery,
    private readonly listVisits: ListVisitsQuery,
  ) {}

  @CreateRoute({
    body: planVisitRequest,
    answer: visitChangeAnswer,
    location: ({ visitId }: { visitId: string }) => `/visits/${visitId}`,
  })
  async plan(
    @ZodBody(planVisitRequest) body: PlanVisitRequest,
    @Ctx() context: RequestContext,
  ): Promise<VisitResult> {
    return { ...(await this.planVisit.execute(body, context)), status: 'planned' as const };
  }

  @ChangeRoute(':id/complete', { body: completeVisitRequest, answer: visitChangeAnswer })
  complete(
    @ZodParam('id', visitIdParam) id: string,
    @ZodBody(completeVisitRequest) body: CompleteVisitRequest,
    @Ctx() context: RequestContext,
  ): Promise<VisitResult> {
    return this.changeVisit.execute(id, { type: 'CompleteVisit', data: body }, context);
  }

  @ChangeRoute(':id/cancel', { body: cancelVisitRequest, answer: visitChangeAnswer })
  cancel(
    @ZodParam('id', visitIdParam) id: string,
    @ZodBody(cancelVisitRequest) body: CancelVisitRequest,
    @Ctx() context: RequestContext,
  ): Promise<VisitResult> {
    return this.changeVisit.execute(id, { type: 'CancelVisit', data: body }, context);
  }

  @ChangeRoute(':id/reschedule', { body: rescheduleVisitRequest, answer: visitChangeAnswer })
  reschedule(
    @ZodParam('id', visitIdParam) id: string,
    @ZodBody(rescheduleVisitRequest) body: RescheduleVisitRequest,
    @Ctx() context: RequestContext,
  ): Promise<VisitResult> {
    return this.changeVisit.execute(id, { type: 'RescheduleVisit', data: body }, context);
  }

  @ListRoute({
    filters: [
      { name: 'customerId' },
      { name: 'repId' },
      { name: 'month', description: 'YYYY-MM' },
      { name: 'status', enum: ['planned', 'completed', 'cancelled', 'missed'] },
    ],
    answer: visitPage,
  })
  list(
    @ZodQuery(listVisitsRequest) query: ListVisitsRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof visitPage>> {
    return this.listVisits.execute(query, context.scope);
  }

  @ReadRoute(':id', { answer: visitAnswer })
  one(
    @ZodParam('id', visitIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof visitAnswer>> {
    return this.getVisit.execute(id, context.scope);
  }
}
