import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, Roles, type RequestContext, ZodQuery, ZodParam } from '@crm/platform';
import { causeOf } from '@apps/visits/src/visit/application/visit.commands';
import { monthParam, visitPlanRequest } from '@apps/visits/src/visit/interface/visits.requests';
import {
  GenerateVisitPlanHandler,
  type GeneratedPlan,
} from '@apps/visits/src/visit-plan/application/generate-visit-plan/generate-visit-plan.handler';
import { GetVisitPlanQuery } from '@apps/visits/src/visit-plan/application/get-visit-plan/get-visit-plan.query';
import type { VisitPlan } from '@apps/visits/src/visit-plan/domain/visit-plan.rules';

@ApiTags('visit-plans')
@ApiBearerAuth()
@Controller('visit-plans')
export class VisitPlansController {
  constructor(
    private readonly getPlan: GetVisitPlanQuery,
    private readonly generatePlan: GenerateVisitPlanHandler,
  ) {}

  /** Required, planned and completed visits per customer and rep, with proposed days and routes. */
  @Get(':month')
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiQuery({ name: 'repId', required: false })
  plan(
    @ZodParam('month', monthParam) month: string,
    @ZodQuery(visitPlanRequest) query: z.infer<typeof visitPlanRequest>,
    @Ctx() context: RequestContext,
  ): Promise<VisitPlan> {
    return this.getPlan.execute(month, context.scope, query);
  }

  /** Generates the month's plan now and publishes MonthlyVisitPlanGenerated. */
  @Post(':month/generate')
  @HttpCode(201)
  @Roles('admin')
  generate(
    @ZodParam('month', monthParam) month: string,
    @Ctx() context: RequestContext,
  ): Promise<GeneratedPlan> {
    return this.generatePlan.execute(month, 'on_demand', causeOf(context));
  }
}
