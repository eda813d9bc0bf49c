import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventSourcingModule } from '@crm/platform';
import { CustomerRepository } from './application/customer.repository';
import { GetCustomerCardQuery } from './application/get-customer-card/get-customer-card.query';
import { ListCustomersQuery } from './application/list-customers/list-customers.query';
import { RegisterCustomerHandler } from './application/register-customer/register-customer.handler';
import { customerCardSchema } from './infrastructure/customer-card.schema';
import { CustomerCardProjection } from './infrastructure/customer-card.projection';
import { CustomerCardConsumer } from './interface/customer-card.consumer';
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
    CustomerCardConsumer,
  ],
})
export class CustomerModule {}
