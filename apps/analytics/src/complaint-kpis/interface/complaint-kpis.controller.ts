import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiAnswerOf, Ctx, Roles, type RequestContext, ZodQuery } from '@crm/platform';
import { ComplaintKpis } from '../application/complaint-kpis';
import { complaintKpisAnswer } from './complaint-kpis.responses';

const kpiQuery = z
  .object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() })
  .strict();

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/complaints/kpis')
export class ComplaintKpisController {
  constructor(private readonly kpis: ComplaintKpis) {}

  @Get()
  @ApiQuery({ name: 'from', required: false, description: 'ISO date-time' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO date-time' })
  @Roles('admin', 'analyst', 'supervisor', 'service_agent')
  @ApiAnswerOf(complaintKpisAnswer)
  compute(
    @ZodQuery(kpiQuery) query: z.infer<typeof kpiQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof complaintKpisAnswer>> {
    return this.kpis.compute(query, context.scope);
  }
}
