import { Module } from '@nestjs/common';
import { Topics } from '@crm/contracts';
import { eventConsumerProvider } from '@crm/platform';
import { GetCustomer360Query } from './application/get-customer-360.query';
import { Customer360Projection } from './infrastructure/customer-360.projection';
import { Customer360Controller } from './interface/customer-360.controller';

@Module({
  controllers: [Customer360Controller],
  providers: [
    Customer360Projection,
    GetCustomer360Query,
    eventConsumerProvider({
      name: 'customer-360',
      topics: [Topics.customers],
      handler: Customer360Projection,
      handle: (projection, event) => projection.apply(event),
    }),
  ],
})
export class Customer360Module {}
