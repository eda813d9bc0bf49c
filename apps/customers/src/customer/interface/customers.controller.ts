import { Get, HttpCode, Post } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ApiPageQuery,
  Ctx,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ApiAnswerOf,
  ApiBodyOf,
  AnswersCreated,
} from '@crm/platform';
import { HandOverHandler } from '../application/hand-over/hand-over.handler';
import { ListCustomersQuery } from '../application/list-customers/list-customers.query';
import { RegisterCustomerHandler } from '../application/register-customer/register-customer.handler';
import {
  handOverRequest,
  listCustomersRequest,
  registerCustomerRequest,
  type ListCustomersRequest,
  type RegisterCustomerRequest,
} from './customers.requests';
import { customerPage, handOverAnswer, registeredCustomer } from './customers.responses';
import { CustomersRoutes, EVERY_READER, SALES } from './customer-routes';

/**
 * The customer base: list it, register a customer, hand a leaving rep's customers over.
 */
@CustomersRoutes()
export class CustomersController {
  constructor(
    private readonly registerCustomer: RegisterCustomerHandler,
    private readonly listCustomers: ListCustomersQuery,
    private readonly handOvers: HandOverHandler,
  ) {}

  @Get()
  @Roles(...EVERY_READER)
  @ApiQuery({ name: 'owner', required: false })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'tier', required: false, enum: ['A', 'B', 'C'] })
  @ApiQuery({ name: 'lifecycle', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'prefix of name, code or a contact name' })
  @ApiPageQuery()
  @ApiAnswerOf(customerPage)
  list(
    @ZodQuery(listCustomersRequest) query: ListCustomersRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof customerPage>> {
    return this.listCustomers.execute(query, context);
  }

  @Post()
  @HttpCode(201)
  @Roles(...SALES)
  @ApiBodyOf(registerCustomerRequest)
  @ApiAnswerOf(registeredCustomer, { status: 201 })
  @AnswersCreated(({ customerId }: { customerId: string }) => `/customers/${customerId}`)
  register(
    @ZodBody(registerCustomerRequest) body: RegisterCustomerRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof registeredCustomer>> {
    return this.registerCustomer.execute(body, context);
  }

  /** A rep leaves: their customers (within the caller's region) go to their successor. */
  @Post('handover')
  @HttpCode(200)
  @Roles('admin', 'sales_manager')
  @ApiBodyOf(handOverRequest)
  @ApiAnswerOf(handOverAnswer)
  handOver(
    @ZodBody(handOverRequest) body: z.infer<typeof handOverRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof handOverAnswer>> {
    return this.handOvers.execute(body, context);
  }
}
