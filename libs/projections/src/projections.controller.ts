import { Controller, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles, ZodBody } from '@crm/platform';
import { ProjectionRunner, type RebuildResult } from './projection-runner';

const rebuildRequest = z
  .object({
    /** Projection names; all of them when absent. */
    projections: z
      .array(z.string().regex(/^[a-z0-9-]+$/))
      .min(1)
      .max(20)
      .optional(),
  })
  .strict();

/**
 * The admin route that rebuilds a service's projections, under the service's own prefix:
 * `POST /<prefix>/admin/projections/rebuild` (the same shape in every service).
 */
export function projectionsControllerFor(prefix: string): Type<unknown> {
  @ApiTags(prefix)
  @ApiBearerAuth()
  @Controller(`${prefix}/admin/projections`)
  class ProjectionsController {
    constructor(private readonly runner: ProjectionRunner) {}

    /** Rebuilds projections from the Kafka topics into fresh collections and swaps them in. */
    @Post('rebuild')
    @HttpCode(200)
    @Roles('admin')
    async rebuild(
      @ZodBody(rebuildRequest) body: z.infer<typeof rebuildRequest>,
    ): Promise<{ rebuilt: RebuildResult[] }> {
      return { rebuilt: await this.runner.rebuild(body.projections ?? this.runner.names()) };
    }
  }
  return ProjectionsController;
}
