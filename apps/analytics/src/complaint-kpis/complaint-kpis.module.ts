import { Module } from '@nestjs/common';
import { ComplaintKpis } from './application/complaint-kpis';
import { ComplaintsProjection } from './infrastructure/complaints.projection';
import { ComplaintKpisController } from './interface/complaint-kpis.controller';
import { projectionProvider } from '@crm/projections';

/** D7 read side: resolution time percentiles, SLA breach and validity rates. */
@Module({
  controllers: [ComplaintKpisController],
  providers: [ComplaintsProjection, projectionProvider(ComplaintsProjection), ComplaintKpis],
})
export class ComplaintKpisModule {}
