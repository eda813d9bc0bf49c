import { Module } from '@nestjs/common';
import { projectionProvider } from '@apps/analytics/src/projections/interface/projection-consumer.provider';
import { VisitCompliance } from './application/visit-compliance';
import { VisitsProjection } from './infrastructure/visits.projection';
import { VisitComplianceController } from './interface/visit-compliance.controller';

/** D4: visit compliance per month, tier and rep. */
@Module({
  controllers: [VisitComplianceController],
  providers: [VisitsProjection, projectionProvider(VisitsProjection), VisitCompliance],
})
export class VisitComplianceModule {}
