import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiAnswerOf, Ctx, Roles, type RequestContext, ZodQuery } from '@crm/platform';
import { calendarMonth, FIGURE_READERS } from '@apps/analytics/src/interface/report-queries';
import { VisitCompliance } from '../application/visit-compliance';
import { visitComplianceAnswer } from './visit-compliance.responses';

const complianceQuery = z.object({ month: calendarMonth }).strict();

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/visit-compliance')
export class VisitComplianceController {
  constructor(private readonly compliance: VisitCompliance) {}

  @Get()
  @ApiQuery({ name: 'month', required: true, description: 'YYYY-MM' })
  @Roles(...FIGURE_READERS)
  @ApiAnswerOf(visitComplianceAnswer)
  forMonth(
    @ZodQuery(complianceQuery) query: z.infer<typeof complianceQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof visitComplianceAnswer>> {
    return this.compliance.forMonth(query.month, context.scope);
  }
}
