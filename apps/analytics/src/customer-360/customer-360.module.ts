import { Module } from '@nestjs/common';
import { projectionProvider } from '@crm/projections';
import { FunnelModule } from '@apps/analytics/src/funnel/funnel.module';
import { SatisfactionModule } from '@apps/analytics/src/satisfaction/satisfaction.module';
import { GetCustomer360Query } from './application/get-customer-360.query';
import { GetCustomerTimelineQuery } from './application/get-customer-timeline.query';
import { Customer360Projection } from './infrastructure/customer-360.projection';
import { CustomerTimelineProjection } from './infrastructure/customer-timeline.projection';
import { Customer360Controller } from './interface/customer-360.controller';

@Module({
  imports: [SatisfactionModule, FunnelModule],
  controllers: [Customer360Controller],
  providers: [
    Customer360Projection,
    GetCustomer360Query,
    projectionProvider(Customer360Projection),
    CustomerTimelineProjection,
    GetCustomerTimelineQuery,
    projectionProvider(CustomerTimelineProjection),
  ],
})
export class Customer360Module {}
