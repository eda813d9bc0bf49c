import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { projectionProvider } from '@crm/projections';
import { complaintCustomerSchema } from './infrastructure/complaint-customers.schema';
import { ComplaintCustomersProjection } from './infrastructure/complaint-customers.projection';

/** The customers complaints may be recorded for (ADR 141), from the customers' topic. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: 'ComplaintCustomer', schema: complaintCustomerSchema }]),
  ],
  providers: [
    ComplaintCustomersProjection,
    // Its single writer, every event of the customers' streams (so applyOnce sees each stream
    // without gaps): the projection runner's consumer; rebuilt through
    // POST /complaints/admin/projections/rebuild (ADR 143).
    projectionProvider(ComplaintCustomersProjection),
  ],
  exports: [ComplaintCustomersProjection],
})
export class CustomerDirectoryModule {}
