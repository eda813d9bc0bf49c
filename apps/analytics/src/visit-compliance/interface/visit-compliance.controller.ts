import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiAnswerOf, Ctx, Roles, type RequestContext, ZodQuery } from '@crm/platform';
import { VisitCompliance } from '../application/visit-compliance';
import { visitComplianceAnswer } from './visit-compliance.responses';

const complianceQuery = z
  .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM') })
  .strict();

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/visit-compliance')
export class VisitComplianceController {
  constructor(private readonly compliance: VisitCompliance) {}

  @Get()
  @ApiQuery({ name: 'month', required: true, description: 'YYYY-MM' })
  @Roles('admin', 'analyst', 'supervisor', 'sales_manager')
  @ApiAnswerOf(visitComplianceAnswer)
  forMonth(
    @ZodQuery(complianceQuery) query: z.infer<typeof complianceQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof visitComplianceAnswer>> {
    return this.compliance.forMonth(query.month, context.scope);
  }
}
