import { Controller, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiAnswerOf, Roles, ZodBody } from '@crm/platform';
import { ProjectionRunner } from './projection-runner';

const rebuildAnswer = z.object({
  rebuilt: z.array(
    z.object({
      projection: z.string(),
      collection: z.string().describe('the fresh collection now read'),
      replaced: z.string().describe('the collection it replaced'),
      documents: z.int(),
    }),
  ),
});

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
    @ApiAnswerOf(rebuildAnswer)
    async rebuild(
      @ZodBody(rebuildRequest) body: z.infer<typeof rebuildRequest>,
    ): Promise<z.infer<typeof rebuildAnswer>> {
      return { rebuilt: await this.runner.rebuild(body.projections ?? this.runner.names()) };
    }
  }
  return ProjectionsController;
}
