import { Module } from '@nestjs/common';
import { GetCustomer360Query } from './application/get-customer-360.query';
import { Customer360Projection } from './infrastructure/customer-360.projection';
import { Customer360Consumer } from './interface/customer-360.consumer';
import { Customer360Controller } from './interface/customer-360.controller';

@Module({
  controllers: [Customer360Controller],
  providers: [Customer360Projection, Customer360Consumer, GetCustomer360Query],
})
export class Customer360Module {}
