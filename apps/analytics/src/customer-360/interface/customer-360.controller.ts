import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
}
