import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@crm/platform';
import type { AnalyticsConfig } from './analytics.config';
import { Customer360Module } from './customer-360/customer-360.module';
import { EngagementModule } from './engagement/engagement.module';
import { engagementErrorMapping } from './engagement/interface/engagement.error-mapping';

@Module({})
export class AnalyticsAppModule {
  static with(config: AnalyticsConfig): DynamicModule {
    return {
      module: AnalyticsAppModule,
      imports: [
        PlatformModule.forRoot({ config, errorMappings: [engagementErrorMapping] }),
        Customer360Module,
        EngagementModule,
      ],
    };
  }
}
