import { Get, HttpCode, Post } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ApiAnswerOf,
  causeOf,
  Ctx,
  Roles,
  type RequestContext,
  ZodQuery,
  ZodParam,
  ApiController,
} from '@crm/platform';
import { monthParam, visitPlanRequest } from '@apps/visits/src/visit/interface/visits.requests';
import { GenerateVisitPlanHandler } from '@apps/visits/src/visit-plan/application/generate-visit-plan/generate-visit-plan.handler';
import { GetVisitPlanQuery } from '@apps/visits/src/visit-plan/application/get-visit-plan/get-visit-plan.query';
import { generatedPlanAnswer, visitPlanAnswer } from './visit-plans.responses';

@ApiController('visit-plans')
export class VisitPlansController {
  constructor(
    private readonly getPlan: GetVisitPlanQuery,
    private readonly generatePlan: GenerateVisitPlanHandler,
  ) {}

  /** Required, planned and completed visits per customer and rep, with proposed days and routes. */
  @Get(':month')
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiQuery({ name: 'repId', required: false })
  @ApiAnswerOf(visitPlanAnswer)
  plan(
    @ZodParam('month', monthParam) month: string,
    @ZodQuery(visitPlanRequest) query: z.infer<typeof visitPlanRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof visitPlanAnswer>> {
    return this.getPlan.execute(month, context.scope, query);
  }

  /** Generates the month's plan now and publishes MonthlyVisitPlanGenerated. */
  @Post(':month/generate')
  @HttpCode(201)
  @Roles('admin')
  @ApiAnswerOf(generatedPlanAnswer, { status: 201 })
  generate(
    @ZodParam('month', monthParam) month: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof generatedPlanAnswer>> {
    return this.generatePlan.execute(month, 'on_demand', causeOf(context));
  }
}
