import { HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import {
  CreateRoute,
  Ctx,
  ListRoute,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ApiAnswerOf,
  ApiBodyOf,
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

  @ListRoute({
    roles: EVERY_READER,
    filters: [
      { name: 'owner' },
      { name: 'region' },
      { name: 'tier', enum: ['A', 'B', 'C'] },
      { name: 'lifecycle' },
      { name: 'q', description: 'prefix of name, code or a contact name' },
    ],
    answer: customerPage,
  })
  list(
    @ZodQuery(listCustomersRequest) query: ListCustomersRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof customerPage>> {
    return this.listCustomers.execute(query, context);
  }

  @CreateRoute({
    roles: SALES,
    body: registerCustomerRequest,
    answer: registeredCustomer,
    location: ({ customerId }: { customerId: string }) => `/customers/${customerId}`,
  })
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
