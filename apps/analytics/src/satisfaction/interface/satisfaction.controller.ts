import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiAnswerOf, Ctx, Roles, type RequestContext, ZodQuery } from '@crm/platform';
import { FIGURE_READERS } from '@apps/analytics/src/interface/report-queries';
import { SATISFACTION_GROUPINGS, SatisfactionReport } from '../application/satisfaction-report';
import { atRiskAnswer, satisfactionGroupsAnswer } from './satisfaction.responses';

const satisfactionQuery = z
  .object({ groupBy: z.enum(SATISFACTION_GROUPINGS).default('company') })
  .strict();
const atRiskQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/satisfaction')
export class SatisfactionController {
  constructor(private readonly report: SatisfactionReport) {}

  @Get()
  @ApiQuery({ name: 'groupBy', required: false, enum: SATISFACTION_GROUPINGS })
  @Roles(...FIGURE_READERS)
  @ApiAnswerOf(satisfactionGroupsAnswer)
  groups(
    @ZodQuery(satisfactionQuery) query: z.infer<typeof satisfactionQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof satisfactionGroupsAnswer>> {
    return this.report.groupBy(query.groupBy, context.scope);
  }

  @Get('at-risk')
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 100' })
  @Roles(...FIGURE_READERS)
  @ApiOperation({
    summary: 'The early-warning list (D6): customers whose CSI is below the alert floor',
    description: [
      "Within the caller's scope, lowest CSI first: each customer's CSI as of now, its name, owner",
      'and region, how many scores it has and its latest alert (`below_floor` or `sharp_drop`).',
      '`total` counts every such customer (the `atRisk` of the groupings); `customers` holds the',
      'first `limit`.',
    ].join(' '),
  })
  @ApiAnswerOf(atRiskAnswer)
  atRisk(
    @ZodQuery(atRiskQuery) query: z.infer<typeof atRiskQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof atRiskAnswer>> {
    return this.report.atRisk(context.scope, query.limit);
  }
}
