import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, Roles, ZodPipe, type RequestContext } from '@crm/platform';
import { SATISFACTION_GROUPINGS, SatisfactionReport } from '../application/satisfaction-report';

const satisfactionQuery = z
  .object({ groupBy: z.enum(SATISFACTION_GROUPINGS).default('company') })
  .strict();

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/satisfaction')
export class SatisfactionController {
  constructor(private readonly report: SatisfactionReport) {}

  @Get()
  @ApiQuery({ name: 'groupBy', required: false, enum: SATISFACTION_GROUPINGS })
  @Roles('admin', 'analyst', 'supervisor', 'sales_manager')
  groups(
    @Query(new ZodPipe(satisfactionQuery, 'query')) query: z.infer<typeof satisfactionQuery>,
    @Ctx() context: RequestContext,
  ) {
    return this.report.groupBy(query.groupBy, context.scope);
  }
}
