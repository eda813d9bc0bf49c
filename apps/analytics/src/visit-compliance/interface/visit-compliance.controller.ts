import { z } from 'zod';
import { Ctx, type RequestContext, ZodQuery, ApiController } from '@crm/platform';
import { calendarMonth, ReportRoute } from '@apps/analytics/src/interface/report-queries';
import { VisitCompliance } from '../application/visit-compliance';
import { visitComplianceAnswer } from './visit-compliance.responses';

const complianceQuery = z.object({ month: calendarMonth }).strict();

@ApiController('analytics', 'analytics/visit-compliance')
export class VisitComplianceController {
  constructor(private readonly compliance: VisitCompliance) {}

  @ReportRoute({
    queries: [{ name: 'month', required: true, description: 'YYYY-MM' }],
    answer: visitComplianceAnswer,
  })
  forMonth(
    @ZodQuery(complianceQuery) query: z.infer<typeof complianceQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof visitComplianceAnswer>> {
    return this.compliance.forMonth(query.month, context.scope);
  }
}
