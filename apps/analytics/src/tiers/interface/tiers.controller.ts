import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { text } from '@crm/contracts';
import { ProjectionSlots } from '@crm/projections';
import {
  CLOCK,
  type Clock,
  ApiAnswerOf,
  ApiPageQuery,
  Ctx,
  pageQuery,
  Roles,
  mayRead,
  type RequestContext,
  ZodBody,
  ZodQuery,
  ZodParam,
  ApiBodyOf,
} from '@crm/platform';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import { FIGURE_READERS } from '@apps/analytics/src/interface/report-queries';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import { RecomputeTiers } from '../application/recompute-tiers';
import {
  CUSTOMER_STATUS,
  valueOn,
  type CustomerStatusDocument,
} from '../infrastructure/customer-status.projection';
import { statusMembers } from '../infrastructure/customer-status-members';
import { recomputeTiersAnswer, tierHistoryAnswer, tiersAnswer } from './tiers.responses';

const recomputeRequest = z.object({ asOf: z.iso.datetime().optional() }).strict();
const tiersQuery = z.object({ tier: z.enum(['A', 'B', 'C']).optional(), ...pageQuery }).strict();
const tierOnQuery = z.object({ on: z.iso.date().optional() }).strict();

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class TiersController {
  constructor(
    private readonly recompute: RecomputeTiers,
    private readonly slots: ProjectionSlots,
    private readonly customers: CustomerScope,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('tiers/recompute')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({
    summary: 'Recompute the ABC tiers now, or read the tiers as they were on a past date',
    description: [
      'Without `asOf` (the body may be empty or absent): recomputes every tier as of now,',
      'publishes CustomerTierChanged for each change and TierRecomputationCompleted, and answers',
      'that summary.',
      'With `asOf`: a read that changes nothing (no tier or history entry, no event, no',
      'follow-up). It answers `{ asOf, recomputation }`, the recorded run whose tiers were in',
      "effect on that date: the latest run as of that instant or earlier. A customer's own tier",
      'on a date is `GET /analytics/customers/{id}/tiers?on=`. An `asOf` in the future, or before',
      'the first recomputation (1970, say), is a 400 problem naming `asOf`.',
    ].join(' '),
  })
  @ApiBodyOf(recomputeRequest, { required: false })
  @ApiAnswerOf(recomputeTiersAnswer)
  run(
    @ZodBody(recomputeRequest) body: z.infer<typeof recomputeRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof recomputeTiersAnswer>> {
    if (body.asOf !== undefined) return this.recompute.asOf(new Date(body.asOf));
    return this.recompute.execute({ trigger: 'on_demand', actorId: context.principal.userId });
  }

  /** The distribution (current tiers and the latest run's mix) and the members, by customer id. */
  @Get('tiers')
  @ApiPageQuery()
  @Roles(...FIGURE_READERS)
  @ApiAnswerOf(tiersAnswer)
  async tiers(
    @ZodQuery(tiersQuery) query: z.infer<typeof tiersQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof tiersAnswer>> {
    // Counted and listed within the caller's scope: a manager sees their region's mix.
    const visible = await this.customers.filter(context.scope, '_id');
    if (visible === null) {
      return {
        distribution: { A: 0, B: 0, C: 0 },
        latestRecomputation: null,
        currency: this.rules.tiers.currency,
        healthyMix: this.rules.healthyMix,
        members: { items: [], nextCursor: null },
      };
    }
    const status = await this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
    const [A, B, C] = await Promise.all(
      (['A', 'B', 'C'] as const).map((tier) => status.countDocuments({ ...visible, tier })),
    );
    const members = await statusMembers(this.slots, visible, 'tier', query.tier, query, (row) => ({
      tier: row.tier!,
      since: row.tierHistory?.at(-1)?.from ?? null,
    }));
    return {
      distribution: { A: A!, B: B!, C: C! },
      // The run's summary is the company-wide mix (aggregates, no customer in it): tiers are ranked
      // across the company, so a region's manager reads their region's members against it.
      latestRecomputation: await this.recompute.latest(),
      currency: this.rules.tiers.currency,
      healthyMix: this.rules.healthyMix,
      members,
    };
  }

  /** Every tier the customer has had, and the one it had on a date (`on`, default today). */
  @Get('customers/:id/tiers')
  @Roles(...FIGURE_READERS)
  @ApiAnswerOf(tierHistoryAnswer)
  async tierHistory(
    @ZodParam('id', text(200)) customerId: string,
    @ZodQuery(tierOnQuery) query: z.infer<typeof tierOnQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof tierHistoryAnswer>> {
    const status = await this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
    const [document, customer] = await Promise.all([
      status.findOne({ _id: customerId }),
      this.customers.refOf(customerId),
    ]);
    // Outside the caller's scope it is reported as absent: nothing tells it exists.
    if (!document?.tierHistory?.length || !mayRead(context.scope, customer)) {
      throw new AnalyticsError(
        AnalyticsErrorCode.TierHistoryNotFound,
        `customer ${customerId} has never had a tier`,
      );
    }
    const on = query.on ? new Date(`${query.on}T23:59:59.999Z`) : this.clock.now();
    const history = [...document.tierHistory].sort((a, b) => a.from.localeCompare(b.from));
    return {
      customerId,
      tier: document.tier,
      on: on.toISOString().slice(0, 10),
      tierOn: valueOn(history, on)?.value ?? null,
      history: history.map((entry) => ({ tier: entry.value, from: entry.from })),
    };
  }
}
