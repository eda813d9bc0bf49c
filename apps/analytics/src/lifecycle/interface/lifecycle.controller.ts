import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LIFECYCLE_STAGES } from '@crm/contracts';
import {
  ApiPageQuery,
  Ctx,
  decodeCursor,
  pageQuery,
  Roles,
  toPage,
  ZodPipe,
  type RequestContext,
} from '@crm/platform';
import { ProjectionSlots } from '@apps/analytics/src/projections/infrastructure/projection-slots';
import {
  CUSTOMER_STATUS,
  type CustomerStatusDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';
import { EvaluateLifecycle, type LifecycleEvaluation } from '../application/evaluate-lifecycle';

const recomputeRequest = z.object({ asOf: z.iso.datetime().optional() }).strict();
const lifecycleQuery = z
  .object({ stage: z.enum(LIFECYCLE_STAGES).optional(), ...pageQuery })
  .strict();

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/lifecycle')
export class LifecycleController {
  constructor(
    private readonly evaluate: EvaluateLifecycle,
    private readonly slots: ProjectionSlots,
  ) {}

  @Post('recompute')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  run(
    @Body(new ZodPipe(recomputeRequest)) body: z.infer<typeof recomputeRequest>,
    @Ctx() context: RequestContext,
  ): Promise<LifecycleEvaluation> {
    return this.evaluate.execute({
      actorId: context.principal.userId,
      ...(body.asOf ? { asOf: new Date(body.asOf) } : {}),
    });
  }

  /** Customers per stage and the members (optionally of one stage), by customer id. */
  @Get()
  @ApiPageQuery()
  @Roles('admin', 'analyst', 'supervisor', 'sales_manager')
  async list(@Query(new ZodPipe(lifecycleQuery, 'query')) query: z.infer<typeof lifecycleQuery>) {
    const status = await this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
    const counts = await Promise.all(
      LIFECYCLE_STAGES.map((stage) => status.countDocuments({ lifecycle: stage })),
    );
    const after = decodeCursor(query.cursor);
    const rows = await status
      .find({
        ...(query.stage ? { lifecycle: query.stage } : { lifecycle: { $exists: true } }),
        ...(after ? { _id: { $gt: after } } : {}),
      })
      .sort({ _id: 1 })
      .limit(query.limit + 1)
      .toArray();
    return {
      stages: Object.fromEntries(LIFECYCLE_STAGES.map((stage, index) => [stage, counts[index]])),
      members: toPage(
        rows,
        query.limit,
        (row) => row._id,
        (row) => ({
          customerId: row._id,
          stage: row.lifecycle,
          since: row.lifecycleHistory?.at(-1)?.from ?? null,
        }),
      ),
    };
  }
}
