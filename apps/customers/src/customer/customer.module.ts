import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Topics } from '@crm/contracts';
import { eventConsumerProvider, EventSourcingModule } from '@crm/platform';
import { CustomerRepository } from './application/customer.repository';
import { GetCustomerCardQuery } from './application/get-customer-card/get-customer-card.query';
import { ListCustomersQuery } from './application/list-customers/list-customers.query';
import { RegisterCustomerHandler } from './application/register-customer/register-customer.handler';
import { customerCardSchema } from './infrastructure/customer-card.schema';
import { CustomerCardProjection } from './infrastructure/customer-card.projection';
import { CustomersController } from './interface/customers.controller';

@Module({
  imports: [
    EventSourcingModule.forContext('customers'),
    MongooseModule.forFeature([{ name: 'CustomerCard', schema: customerCardSchema }]),
  ],
  controllers: [CustomersController],
  providers: [
    CustomerRepository,
    RegisterCustomerHandler,
    GetCustomerCardQuery,
    ListCustomersQuery,
    CustomerCardProjection,
    // The card's only writer: one consumer, records keyed by customer (ADR 4, 6).
    eventConsumerProvider({
      name: 'customer-card',
      topics: [Topics.customers],
      handler: CustomerCardProjection,
      handle: (projection, event) => projection.apply(event),
    }),
  ],
})
export class CustomerModule {}
