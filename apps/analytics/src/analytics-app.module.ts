import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@crm/platform';
import { projectionErrorMapping } from '@crm/projections';
import type { AnalyticsConfig } from './analytics.config';
import { ComplaintKpisModule } from './complaint-kpis/complaint-kpis.module';
import { Customer360Module } from './customer-360/customer-360.module';
import { FunnelModule } from './funnel/funnel.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { LoyaltyModule } from './loyalty/loyalty.module';
import { NightlyModule } from './nightly/nightly.module';
import { ProjectionsModule } from './projections/projections.module';
import { SatisfactionModule } from './satisfaction/satisfaction.module';
import { analyticsErrorMapping } from './interface/analytics.error-mapping';
import { TiersModule } from './tiers/tiers.module';
import { VisitComplianceModule } from './visit-compliance/visit-compliance.module';
import { EngagementModule } from './engagement/engagement.module';
import { engagementErrorMapping } from './engagement/interface/engagement.error-mapping';

@Module({})
export class AnalyticsAppModule {
  static with(config: AnalyticsConfig): DynamicModule {
    return {
      module: AnalyticsAppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          errorMappings: [analyticsErrorMapping, engagementErrorMapping, projectionErrorMapping],
        }),
        ProjectionsModule,
        Customer360Module,
        TiersModule,
        LifecycleModule,
        SatisfactionModule,
        FunnelModule,
        LoyaltyModule,
        VisitComplianceModule,
        ComplaintKpisModule,
        NightlyModule,
        EngagementModule,
      ],
    };
  }
}
