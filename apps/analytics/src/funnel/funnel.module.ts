import { Module } from '@nestjs/common';
import { FunnelForecast } from './application/funnel-forecast';
import { OpportunitiesProjection } from './infrastructure/opportunities.projection';
import { FunnelController } from './interface/funnel.controller';
import { projectionProvider } from '@crm/projections';

/** D10: the funnel forecast from the opportunity events of the visits topic. */
@Module({
  controllers: [FunnelController],
  providers: [OpportunitiesProjection, projectionProvider(OpportunitiesProjection), FunnelForecast],
  exports: [FunnelForecast],
})
export class FunnelModule {}
