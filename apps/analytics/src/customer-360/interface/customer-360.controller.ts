import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, Roles, ZodPipe, type RequestContext } from '@crm/platform';
import { GetCustomer360Query, type Customer360View } from '../application/get-customer-360.query';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/customers')
export class Customer360Controller {
  constructor(private readonly query: GetCustomer360Query) {}

  @Get(':id')
  @Roles('admin', 'analyst', 'supervisor', 'sales_manager', 'sales_rep')
  view(
    @Param('id', new ZodPipe(z.uuid(), 'query')) id: string,
    @Ctx() context: RequestContext,
  ): Promise<Customer360View> {
    return this.query.execute(id, context.scope);
  }

  @Get(':id/satisfaction')
  @Roles('admin', 'analyst', 'supervisor', 'sales_manager', 'sales_rep')
  @ApiOperation({
    summary: "The customer's CSI over time, with its early warnings (D6)",
    description: [
      '`points`: each satisfaction score (visit feedback, complaint closure, follow-up call) in',
      'business-time order, with the CSI right after it. `alerts`: the early-warning episodes, one',
      'per episode as they were raised (`below_floor` or `sharp_drop`). `csi` is the CSI as of now',
      "(as on the 360 view), `floor` the alert floor. Within the caller's scope only: another",
      "region's customer answers 404, as an unknown one.",
    ].join(' '),
  })
  satisfaction(
    @Param('id', new ZodPipe(z.uuid())) id: string,
    @Ctx() context: RequestContext,
  ): ReturnType<GetCustomer360Query['satisfactionTrend']> {
    return this.query.satisfactionTrend(id, context.scope);
  }
}
