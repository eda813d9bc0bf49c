import { Module } from '@nestjs/common';
import { projectionProvider } from '@crm/projections';
import { LifecycleModule } from '@apps/analytics/src/lifecycle/lifecycle.module';
import { RecomputeTiers } from './application/recompute-tiers';
import { tierHandlerProviders } from './application/tier-commands';
import { CustomerFactsProjection } from './infrastructure/customer-facts.projection';
import { CustomerStatusProjection } from './infrastructure/customer-status.projection';
import { TiersController } from './interface/tiers.controller';

/** D3: revenue per customer from the customers topic, ABC recomputation, tier history. */
@Module({
  // A purchase re-evaluates its customer's lifecycle stage at once (D5).
  imports: [LifecycleModule],
  controllers: [TiersController],
  providers: [
    CustomerFactsProjection,
    CustomerStatusProjection,
    projectionProvider(CustomerFactsProjection),
    projectionProvider(CustomerStatusProjection),
    RecomputeTiers,
    ...tierHandlerProviders,
  ],
  exports: [RecomputeTiers],
})
export class TiersModule {}
