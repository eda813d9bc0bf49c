import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { OPPORTUNITY_STAGES } from '@crm/contracts';
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
  AnswersCreated,
  AnswersWithEtag,
} from '@crm/platform';
import {
  movedOpportunityAnswer,
  openedOpportunityAnswer,
  opportunityAnswer,
  opportunityPage,
} from './opportunities.responses';
import { GetOpportunityQuery } from '@apps/visits/src/opportunity/application/get-opportunity/get-opportunity.query';
import { ListOpportunitiesQuery } from '@apps/visits/src/opportunity/application/list-opportunities/list-opportunities.query';
import { MoveOpportunityHandler } from '@apps/visits/src/opportunity/application/move-opportunity/move-opportunity.handler';
import { OpenOpportunityHandler } from '@apps/visits/src/opportunity/application/open-opportunity/open-opportunity.handler';
import {
  listOpportunitiesRequest,
  moveOpportunityRequest,
  openOpportunityRequest,
  opportunityIdParam,
  type ListOpportunitiesRequest,
  type MoveOpportunityRequest,
  type OpenOpportunityRequest,
} from './opportunities.requests';

/** Opportunities (D10): every route is the sales team's, each member within their access scope. */
@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('opportunities')
@Roles('admin', 'sales_manager', 'sales_rep')
export class OpportunitiesController {
  constructor(
    private readonly openOpportunity: OpenOpportunityHandler,
    private readonly moveOpportunity: MoveOpportunityHandler,
    private readonly getOpportunity: GetOpportunityQuery,
    private readonly listOpportunities: ListOpportunitiesQuery,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiBodyOf(openOpportunityRequest)
  @ApiAnswerOf(openedOpportunityAnswer, { status: 201 })
  @AnswersCreated(
    ({ opportunityId }: { opportunityId: string }) => `/opportunities/${opportunityId}`,
  )
  open(
    @ZodBody(openOpportunityRequest) body: OpenOpportunityRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof openedOpportunityAnswer>> {
    return this.openOpportunity.execute(body, context);
  }

  @Post(':id/stage')
  @HttpCode(200)
  @ApiBodyOf(moveOpportunityRequest)
  @ApiAnswerOf(movedOpportunityAnswer)
  @AnswersWithEtag()
  move(
    @ZodParam('id', opportunityIdParam) id: string,
    @ZodBody(moveOpportunityRequest) body: MoveOpportunityRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof movedOpportunityAnswer>> {
    return this.moveOpportunity.execute(id, { to: body.stage, reason: body.reason }, context);
  }

  @Get()
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'ownerId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'won', 'lost'] })
  @ApiQuery({ name: 'stage', required: false, enum: OPPORTUNITY_STAGES })
  @ApiPageQuery()
  @ApiAnswerOf(opportunityPage)
  list(
    @ZodQuery(listOpportunitiesRequest) query: ListOpportunitiesRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof opportunityPage>> {
    return this.listOpportunities.execute(query, context.scope);
  }

  @Get(':id')
  @ApiAnswerOf(opportunityAnswer)
  @AnswersWithEtag()
  one(
    @ZodParam('id', opportunityIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof opportunityAnswer>> {
    return this.getOpportunity.execute(id, context.scope);
  }
}
