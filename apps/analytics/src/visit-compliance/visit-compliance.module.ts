import { Module } from '@nestjs/common';
import { VisitCompliance } from './application/visit-compliance';
import { VisitsProjection } from './infrastructure/visits.projection';
import { VisitComplianceController } from './interface/visit-compliance.controller';
import { projectionProvider } from '@crm/projections';

/** D4: visit compliance per month, tier and rep. */
@Module({
  controllers: [VisitComplianceController],
  providers: [VisitsProjection, projectionProvider(VisitsProjection), VisitCompliance],
})
export class VisitComplianceModule {}
