import { HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { LIFECYCLE_STAGES, LOST_REASONS, text } from '@crm/contracts';
import { ProjectionSlots } from '@crm/projections';
import {
  CLOCK,
  type Clock,
  ApiAnswerOf,
  Ctx,
  ListRoute,
  mayAct,
  pageQuery,
  Roles,
  type RequestContext,
  ZodBody,
  ZodQuery,
  ZodParam,
  ApiBodyOf,
  ApiController,
} from '@crm/platform';
import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import {
  FIGURE_READERS,
  RecomputeRoute,
  recomputeRequest,
} from '@apps/analytics/src/interface/report-queries';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import {
  CUSTOMER_STATUS,
  type CustomerStatusDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';
import { statusMembers } from '@apps/analytics/src/tiers/infrastructure/customer-status-members';
import { EvaluateLifecycle } from '../application/evaluate-lifecycle';
import { stagesOn } from '../application/lifecycle-as-of';
import { lifecycleAnswer, lifecycleRunAnswer, markedLostAnswer } from './lifecycle.responses';

const markLostRequest = z.object({ reason: z.enum(LOST_REASONS) }).strict();
const lifecycleQuery = z
  .object({ stage: z.enum(LIFECYCLE_STAGES).optional(), ...pageQuery })
  .strict();

@ApiController('analytics', 'analytics/lifecycle')
export class LifecycleController {
  constructor(
    private readonly evaluate: EvaluateLifecycle,
    private readonly slots: ProjectionSlots,
    private readonly customers: CustomerScope,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @RecomputeRoute('recompute', {
    operation: {
      summary: 'Evaluate the lifecycle stages now, or read them as they were on a past date',
      description: [
        'Without `asOf` (the body may be empty or absent): evaluates every customer as of now and',
        'publishes CustomerLifecycleChanged for each transition.',
        'With `asOf`: a read that changes nothing (no stage, no event, no follow-up). It answers',
        '`{ asOf, stages }`, the customers per stage as the evaluations had recorded them on that',
        'date. An `asOf` in the future, or before the first recorded stage (1970, say), is a 400',
        'problem naming `asOf`.',
      ].join(' '),
    },
    answer: lifecycleRunAnswer,
  })
  async run(
    @ZodBody(recomputeRequest) body: z.infer<typeof recomputeRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof lifecycleRunAnswer>> {
    if (body.asOf === undefined)
      return this.evaluate.execute({ actorId: context.principal.userId });
    const visible = (await this.customers.filter(context.scope, '_id')) ?? { _id: { $in: [] } };
    const status = await this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
    const recorded = await status
      .find(
        { ...visible, lifecycleHistory: { $exists: true } },
        { projection: { lifecycleHistory: 1 } },
      )
      .toArray();
    return stagesOn(
      recorded.map((document) => document.lifecycleHistory ?? []),
      new Date(body.asOf),
      this.clock.now(),
    );
  }

  @Post('customers/:id/mark-lost')
  @HttpCode(200)
  @Roles('admin', 'sales_manager', 'supervisor')
  @ApiOperation({
    summary: 'Mark a customer lost (D5), with a reason code',
    description: [
      'The customer becomes `lost` at once: CustomerMarkedLost (the actor in its metadata) and',
      'CustomerLifecycleChanged are published. It stays lost until it buys again: a purchase on the',
      "day of the marking or later brings it back to active. Within the caller's scope only (another",
      "region's customer answers 404, as an unknown one). Marking a lost customer again changes nothing.",
    ].join(' '),
  })
  @ApiBodyOf(markLostRequest)
  @ApiAnswerOf(markedLostAnswer)
  async markLost(
    @ZodParam('id', text(200)) customerId: string,
    @ZodBody(markLostRequest) body: z.infer<typeof markLostRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof markedLostAnswer>> {
    if (!mayAct(context.scope, await this.customers.refOf(customerId))) {
      throw new AnalyticsError(
        AnalyticsErrorCode.CustomerNotFound,
        `customer ${customerId} is not known`,
      );
    }
    const marked = await this.evaluate.markLost(customerId, {
      actorId: context.principal.userId,
      reason: body.reason,
      correlationId: context.correlationId,
    });
    return { customerId, ...marked };
  }

  /**
   * Customers per stage and the members (optionally of one stage), by customer id, each with its
   * name and owner from the 360 view (null until the view has the customer's registration).
   */
  @ListRoute({ roles: FIGURE_READERS, answer: lifecycleAnswer })
  async list(
    @ZodQuery(lifecycleQuery) query: z.infer<typeof lifecycleQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof lifecycleAnswer>> {
    // Counted and listed within the caller's scope (none: every stage empty).
    const visible = (await this.customers.filter(context.scope, '_id')) ?? { _id: { $in: [] } };
    const status = await this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
    const counts = await Promise.all(
      LIFECYCLE_STAGES.map((stage) => status.countDocuments({ ...visible, lifecycle: stage })),
    );
    return {
      stages: Object.fromEntries(LIFECYCLE_STAGES.map((stage, index) => [stage, counts[index]])),
      members: await statusMembers(this.slots, visible, 'lifecycle', query.stage, query, (row) => ({
        stage: row.lifecycle,
        since: row.lifecycleHistory?.at(-1)?.from ?? null,
      })),
    };
  }
}
