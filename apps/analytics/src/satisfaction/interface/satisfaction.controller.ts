import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext, ZodQuery, ApiController } from '@crm/platform';
import { ReportRoute } from '@apps/analytics/src/interface/report-queries';
import { SATISFACTION_GROUPINGS, SatisfactionReport } from '../application/satisfaction-report';
import { atRiskAnswer, satisfactionGroupsAnswer } from './satisfaction.responses';

const satisfactionQuery = z
  .object({ groupBy: z.enum(SATISFACTION_GROUPINGS).default('company') })
  .strict();
const atRiskQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();

@ApiController('analytics', 'analytics/satisfaction')
export class SatisfactionController {
  constructor(private readonly report: SatisfactionReport) {}

  @ReportRoute({
    queries: [{ name: 'groupBy', required: false, enum: SATISFACTION_GROUPINGS }],
    answer: satisfactionGroupsAnswer,
  })
  groups(
    @ZodQuery(satisfactionQuery) query: z.infer<typeof satisfactionQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof satisfactionGroupsAnswer>> {
    return this.report.groupBy(query.groupBy, context.scope);
  }

  @ReportRoute({
    path: 'at-risk',
    queries: [{ name: 'limit', required: false, description: '1–500, default 100' }],
    answer: atRiskAnswer,
  })
  @ApiOperation({
    summary: 'The early-warning list (D6): customers whose CSI is below the alert floor',
    description: [
      "Within the caller's scope, lowest CSI first: each customer's CSI as of now, its name, owner",
      'and region, how many scores it has and its latest alert (`below_floor` or `sharp_drop`).',
      '`total` counts every such customer (the `atRisk` of the groupings); `customers` holds the',
      'first `limit`.',
    ].join(' '),
  })
  atRisk(
    @ZodQuery(atRiskQuery) query: z.infer<typeof atRiskQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof atRiskAnswer>> {
    return this.report.atRisk(context.scope, query.limit);
  }
}
