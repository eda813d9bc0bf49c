import { z } from 'zod';
import { OPPORTUNITY_STAGES } from '@crm/contracts';
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
@ApiController('opportunities')
@Roles('admin', 'sales_manager', 'sales_rep')
export class OpportunitiesController {
  constructor(
    private readonly openOpportunity: OpenOpportunityHandler,
    private readonly moveOpportunity: MoveOpportunityHandler,
    private readonly getOpportunity: GetOpportunityQuery,
    private readonly listOpportunities: ListOpportunitiesQuery,
  ) {}

  @CreateRoute({
    body: openOpportunityRequest,
    answer: openedOpportunityAnswer,
    location: ({ opportunityId }: { opportunityId: string }) => `/opportunities/${opportunityId}`,
  })
  open(
    @ZodBody(openOpportunityRequest) body: OpenOpportunityRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof openedOpportunityAnswer>> {
    return this.openOpportunity.execute(body, context);
  }

  @ChangeRoute(':id/stage', { body: moveOpportunityRequest, answer: movedOpportunityAnswer })
  move(
    @ZodParam('id', opportunityIdParam) id: string,
    @ZodBody(moveOpportunityRequest) body: MoveOpportunityRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof movedOpportunityAnswer>> {
    return this.moveOpportunity.execute(id, { to: body.stage, reason: body.reason }, context);
  }

  @ListRoute({
    filters: [
      { name: 'customerId' },
      { name: 'ownerId' },
      { name: 'status', enum: ['open', 'won', 'lost'] },
      { name: 'stage', enum: OPPORTUNITY_STAGES },
    ],
    answer: opportunityPage,
  })
  list(
    @ZodQuery(listOpportunitiesRequest) query: ListOpportunitiesRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof opportunityPage>> {
    return this.listOpportunities.execute(query, context.scope);
  }

  @ReadRoute(':id', { answer: opportunityAnswer })
  one(
    @ZodParam('id', opportunityIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof opportunityAnswer>> {
    return this.getOpportunity.execute(id, context.scope);
  }
}
