import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@crm/platform';
import type { AnalyticsConfig } from './analytics.config';
import { Customer360Module } from './customer-360/customer-360.module';

@Module({})
export class AnalyticsAppModule {
  static with(config: AnalyticsConfig): DynamicModule {
    return {
      module: AnalyticsAppModule,
      imports: [PlatformModule.forRoot({ config }), Customer360Module],
    };
  }
}
