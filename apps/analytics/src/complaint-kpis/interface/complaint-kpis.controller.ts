import { z } from 'zod';
import { Ctx, type RequestContext, ZodQuery, ApiController } from '@crm/platform';
import { ReportRoute } from '@apps/analytics/src/interface/report-queries';
import { ComplaintKpis } from '../application/complaint-kpis';
import { complaintKpisAnswer } from './complaint-kpis.responses';

const kpiQuery = z
  .object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() })
  .strict();

@ApiController('analytics', 'analytics/complaints/kpis')
export class ComplaintKpisController {
  constructor(private readonly kpis: ComplaintKpis) {}

  @ReportRoute({
    roles: ['admin', 'analyst', 'supervisor', 'service_agent'],
    queries: [
      { name: 'from', required: false, description: 'ISO date-time' },
      { name: 'to', required: false, description: 'ISO date-time' },
    ],
    answer: complaintKpisAnswer,
  })
  compute(
    @ZodQuery(kpiQuery) query: z.infer<typeof kpiQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof complaintKpisAnswer>> {
    return this.kpis.compute(query, context.scope);
  }
}
