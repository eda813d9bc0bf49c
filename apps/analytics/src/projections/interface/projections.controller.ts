import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiAnswerOf, Roles, ZodBody } from '@crm/platform';
import { ProjectionRunner } from '../application/projection-runner';

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

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/admin/projections')
export class ProjectionsController {
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
