import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ProjectionRunner } from './projection-runner';
import { ProjectionSlots } from './projection-slots';
import { projectionsControllerFor } from './projections.controller';

/**
 * The one projection runner of a service: its slots, the runner every projection consumer goes
 * through, and the admin rebuild route under the service's prefix. Read models register with
 * `projectionProvider`; their queries resolve the live collection through `ProjectionSlots`.
 */
@Global()
@Module({})
export class ProjectionsModule {
  static forService(prefix: string): DynamicModule {
    return {
      module: ProjectionsModule,
      controllers: [projectionsControllerFor(prefix)],
      providers: [ProjectionSlots, ProjectionRunner],
      exports: [ProjectionSlots, ProjectionRunner],
    };
  }
}
