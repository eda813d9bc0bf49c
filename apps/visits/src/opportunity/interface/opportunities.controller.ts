import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { OPPORTUNITY_STAGES } from '@crm/contracts';
import {
  ApiPageQuery,
  Ctx,
  type Page,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ZodParam,
  ApiBodyOf,
  withEtag,
  created,
} from '@crm/platform';
import {
  GetOpportunityQuery,
  type OpportunityView,
} from '@apps/visits/src/opportunity/application/get-opportunity/get-opportunity.query';
import {
  ListOpportunitiesQuery,
  type OpportunityListItem,
} from '@apps/visits/src/opportunity/application/list-opportunities/list-opportunities.query';
import {
  MoveOpportunityHandler,
  type MoveOpportunityResult,
} from '@apps/visits/src/opportunity/application/move-opportunity/move-opportunity.handler';
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

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('opportunities')
export class OpportunitiesController {
  constructor(
    private readonly openOpportunity: OpenOpportunityHandler,
    private readonly moveOpportunity: MoveOpportunityHandler,
    private readonly getOpportunity: GetOpportunityQuery,
    private readonly listOpportunities: ListOpportunitiesQuery,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiBodyOf(openOpportunityRequest)
  async open(
    @ZodBody(openOpportunityRequest) body: OpenOpportunityRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ opportunityId: string; version: number }> {
    const result = await this.openOpportunity.execute(body, context);
    return created(response, result, `/opportunities/${result.opportunityId}`);
  }

  @Post(':id/stage')
  @HttpCode(200)
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiBodyOf(moveOpportunityRequest)
  async move(
    @ZodParam('id', opportunityIdParam) id: string,
    @ZodBody(moveOpportunityRequest) body: MoveOpportunityRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MoveOpportunityResult> {
    const result = await this.moveOpportunity.execute(
      id,
      { to: body.stage, reason: body.reason },
      context,
    );
    return withEtag(response, result);
  }

  @Get()
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'ownerId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'won', 'lost'] })
  @ApiQuery({ name: 'stage', required: false, enum: OPPORTUNITY_STAGES })
  @ApiPageQuery()
  list(
    @ZodQuery(listOpportunitiesRequest) query: ListOpportunitiesRequest,
    @Ctx() context: RequestContext,
  ): Promise<Page<OpportunityListItem>> {
    return this.listOpportunities.execute(query, context.scope);
  }

  @Get(':id')
  @Roles('admin', 'sales_manager', 'sales_rep')
  async one(
    @ZodParam('id', opportunityIdParam) id: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OpportunityView> {
    const opportunity = await this.getOpportunity.execute(id, context.scope);
    return withEtag(response, opportunity);
  }
}
