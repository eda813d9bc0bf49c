import { Module, type DynamicModule } from '@nestjs/common';
import { EventSourcingModule, PlatformModule } from '@crm/platform';
import type { VisitsConfig } from './visits.config';

/** The visits service: its platform and event store; its domain arrives with its own issue. */
@Module({})
export class VisitsAppModule {
  static with(config: VisitsConfig): DynamicModule {
    return {
      module: VisitsAppModule,
      imports: [PlatformModule.forRoot({ config }), EventSourcingModule.forContext('visits')],
    };
  }
}
