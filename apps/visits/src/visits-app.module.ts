import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@crm/platform';
import { projectionErrorMapping, ProjectionsModule } from '@crm/projections';
import { opportunityErrorMapping } from './opportunity/interface/opportunity.error-mapping';
import { visitErrorMapping } from './visit/interface/visit.error-mapping';
import type { VisitsConfig } from './visits.config';
import { VisitsModule } from './visits.module';

/** The visits service: visits and visit plans (D4), opportunities and the funnel (D10). */
@Module({})
export class VisitsAppModule {
  static with(config: VisitsConfig): DynamicModule {
    return {
      module: VisitsAppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          errorMappings: [visitErrorMapping, opportunityErrorMapping, projectionErrorMapping],
        }),
        ProjectionsModule.forService('visits'),
        VisitsModule.with(config),
      ],
    };
  }
}
