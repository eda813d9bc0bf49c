import { Module, type DynamicModule } from '@nestjs/common';
import { EventSourcingModule, PlatformModule } from '@crm/platform';
import type { ComplaintsConfig } from './complaints.config';

/** The complaints service: its platform and event store; its domain arrives with its own issue. */
@Module({})
export class ComplaintsAppModule {
  static with(config: ComplaintsConfig): DynamicModule {
    return {
      module: ComplaintsAppModule,
      imports: [PlatformModule.forRoot({ config }), EventSourcingModule.forContext('complaints')],
    };
  }
}
