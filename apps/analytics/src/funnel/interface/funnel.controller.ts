import { z } from 'zod';
import { Ctx, type RequestContext, ZodQuery, ApiController } from '@crm/platform';
import { calendarMonth, ReportRoute } from '@apps/analytics/src/interface/report-queries';
import { FunnelForecast } from '../application/funnel-forecast';
import { funnelAnswer } from './funnel.responses';

const funnelQuery = z.object({ period: calendarMonth }).strict();

@ApiController('analytics', 'analytics/funnel')
export class FunnelController {
  constructor(private readonly funnel: FunnelForecast) {}

  @ReportRoute({
    queries: [{ name: 'period', required: true, description: 'YYYY-MM' }],
    answer: funnelAnswer,
  })
  forecast(
    @ZodQuery(funnelQuery) query: z.infer<typeof funnelQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof funnelAnswer>> {
    return this.funnel.forPeriod(query.period, context.scope);
  }
}
