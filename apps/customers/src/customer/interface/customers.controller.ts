import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Ctx, etagOf, Roles, ZodPipe, type Page, type RequestContext } from '@crm/platform';
import { GetCustomerCardQuery, type CustomerCardView } from '../application/get-customer-card/get-customer-card.query';
import {
  ListCustomersQuery,
  type CustomerListItem,
} from '../application/list-customers/list-customers.query';
import {
  RegisterCustomerHandler,
  type RegisterCustomerResult,
} from '../application/register-customer/register-customer.handler';
import {
  customerIdParam,
  listCustomersRequest,
  registerCustomerRequest,
  type ListCustomersRequest,
  type RegisterCustomerRequest,
} from './customers.requests';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly registerCustomer: RegisterCustomerHandler,
    private readonly getCustomerCard: GetCustomerCardQuery,
    private readonly listCustomers: ListCustomersQuery,
  ) {}

  @Get()
  @Roles('admin', 'sales_manager', 'sales_rep', 'analyst', 'service_agent', 'supervisor')
  @ApiQuery({ name: 'owner', required: false })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500 } })
  list(
    @Query(new ZodPipe(listCustomersRequest, 'query')) query: ListCustomersRequest,
    @Ctx() context: RequestContext,
  ): Promise<Page<CustomerListItem>> {
    return this.listCustomers.execute(query, context.principal);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin', 'sales_manager', 'sales_rep')
  @ApiBody({ schema: z.toJSONSchema(registerCustomerRequest) as object })
  async register(
    @Body(new ZodPipe(registerCustomerRequest)) body: RegisterCustomerRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RegisterCustomerResult> {
    const result = await this.registerCustomer.execute(body, context);
    response.setHeader('ETag', etagOf(result.version));
    response.setHeader('Location', `/customers/${result.customerId}`);
    return result;
  }

  @Get(':id')
  @Roles('admin', 'sales_manager', 'sales_rep', 'analyst', 'service_agent', 'supervisor')
  async card(
    @Param('id', new ZodPipe(customerIdParam, 'query')) id: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CustomerCardView> {
    const card = await this.getCustomerCard.execute(id, context.principal);
    response.setHeader('ETag', etagOf(card.version));
    return card;
  }
}
