import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiAnswerOf,
  ApiPageQuery,
  Ctx,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ZodParam,
  ApiBodyOf,
  withEtag,
  created,
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

@ApiTags('visits')
@ApiBearerAuth()
@Controller('visits')
export class VisitsController {
  constructor(
    private readonly planVisit: PlanVisitHandler,
    private readonly changeVisit: ChangeVisitHandler,
    private readonly getVisit: GetVisitQuery,
    private readonly listVisits: ListVisitsQuery,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiBodyOf(planVisitRequest)
  @ApiAnswerOf(visitChangeAnswer, { status: 201 })
  async plan(
    @ZodBody(planVisitRequest) body: PlanVisitRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitResult> {
    const result = await this.planVisit.execute(body, context);
    return {
      ...created(response, result, `/visits/${result.visitId}`),
      status: 'planned' as const,
    };
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiBodyOf(completeVisitRequest)
  @ApiAnswerOf(visitChangeAnswer)
  complete(
    @ZodParam('id', visitIdParam) id: string,
    @ZodBody(completeVisitRequest) body: CompleteVisitRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitResult> {
    return this.change(id, { type: 'CompleteVisit', data: body }, context, response);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiBodyOf(cancelVisitRequest)
  @ApiAnswerOf(visitChangeAnswer)
  cancel(
    @ZodParam('id', visitIdParam) id: string,
    @ZodBody(cancelVisitRequest) body: CancelVisitRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitResult> {
    return this.change(id, { type: 'CancelVisit', data: body }, context, response);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiBodyOf(rescheduleVisitRequest)
  @ApiAnswerOf(visitChangeAnswer)
  reschedule(
    @ZodParam('id', visitIdParam) id: string,
    @ZodBody(rescheduleVisitRequest) body: RescheduleVisitRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitResult> {
    return this.change(id, { type: 'RescheduleVisit', data: body }, context, response);
  }

  @Get()
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'repId', required: false })
  @ApiQuery({ name: 'month', required: false, description: 'YYYY-MM' })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['planned', 'completed', 'cancelled', 'missed'],
  })
  @ApiPageQuery()
  @ApiAnswerOf(visitPage)
  list(
    @ZodQuery(listVisitsRequest) query: ListVisitsRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof visitPage>> {
    return this.listVisits.execute(query, context.scope);
  }

  @Get(':id')
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiAnswerOf(visitAnswer)
  async one(
    @ZodParam('id', visitIdParam) id: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof visitAnswer>> {
    const visit = await this.getVisit.execute(id, context.scope);
    return withEtag(response, visit);
  }

  private async change(
    id: string,
    input: Parameters<ChangeVisitHandler['execute']>[1],
    context: RequestContext,
    response: Response,
  ): Promise<VisitResult> {
    const result = await this.changeVisit.execute(id, input, context);
    return withEtag(response, result);
  }
}
