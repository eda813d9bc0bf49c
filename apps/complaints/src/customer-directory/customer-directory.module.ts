import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { complaintCustomerSchema } from './infrastructure/complaint-customers.schema';
import { ComplaintCustomersProjection } from './infrastructure/complaint-customers.projection';
import { complaintCustomersConsumer } from './interface/complaint-customers.consumer';

/** The customers complaints may be recorded for (ADR 141), from the customers' topic. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: 'ComplaintCustomer', schema: complaintCustomerSchema }]),
  ],
  providers: [ComplaintCustomersProjection, complaintCustomersConsumer],
  exports: [ComplaintCustomersProjection],
})
export class CustomerDirectoryModule {}
