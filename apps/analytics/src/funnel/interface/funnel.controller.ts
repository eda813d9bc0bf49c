import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiAnswerOf, Ctx, Roles, type RequestContext, ZodQuery } from '@crm/platform';
import { calendarMonth, FIGURE_READERS } from '@apps/analytics/src/interface/report-queries';
import { FunnelForecast } from '../application/funnel-forecast';
import { funnelAnswer } from './funnel.responses';

const funnelQuery = z.object({ period: calendarMonth }).strict();

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/funnel')
export class FunnelController {
  constructor(private readonly funnel: FunnelForecast) {}

  @Get()
  @ApiQuery({ name: 'period', required: true, description: 'YYYY-MM' })
  @Roles(...FIGURE_READERS)
  @ApiAnswerOf(funnelAnswer)
  forecast(
    @ZodQuery(funnelQuery) query: z.infer<typeof funnelQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof funnelAnswer>> {
    return this.funnel.forPeriod(query.period, context.scope);
  }
}
