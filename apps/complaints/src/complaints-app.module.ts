import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@crm/platform';
import { projectionErrorMapping, ProjectionsModule } from '@crm/projections';
import { ComplaintModule } from './complaint/complaint.module';
import { complaintErrorMapping } from './complaint/interface/complaint.error-mapping';
import type { ComplaintsConfig } from './complaints.config';

/** The complaints service: the D7 workflow, its SLA timers and the complaint list. */
@Module({})
export class ComplaintsAppModule {
  static with(config: ComplaintsConfig): DynamicModule {
    return {
      module: ComplaintsAppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          errorMappings: [complaintErrorMapping, projectionErrorMapping],
        }),
        ProjectionsModule.forService('complaints'),
        ComplaintModule,
      ],
    };
  }
}
