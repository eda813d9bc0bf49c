import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { text } from '@crm/contracts';
import {
  ApiPageQuery,
  Ctx,
  decodeCursor,
  pageQuery,
  Roles,
  toPage,
  coversAll,
  mayRead,
  ZodPipe,
  type Page,
  type RequestContext,
} from '@crm/platform';
import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import { ProjectionSlots } from '@apps/analytics/src/projections/infrastructure/projection-slots';
import { RecomputeTiers, type RecomputationSummary } from '../application/recompute-tiers';
import {
  CUSTOMER_STATUS,
  valueOn,
  type CustomerStatusDocument,
} from '../infrastructure/customer-status.projection';

const recomputeRequest = z.object({ asOf: z.iso.datetime().optional() }).strict();
const tiersQuery = z.object({ tier: z.enum(['A', 'B', 'C']).optional(), ...pageQuery }).strict();
const tierOnQuery = z.object({ on: z.iso.date().optional() }).strict();

interface TierMember {
  readonly customerId: string;
  readonly tier: string;
  readonly since: string | null;
}

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class TiersController {
  constructor(
    private readonly recompute: RecomputeTiers,
    private readonly slots: ProjectionSlots,
    private readonly customers: CustomerScope,
  ) {}

  @Post('tiers/recompute')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  run(
    @Body(new ZodPipe(recomputeRequest)) body: z.infer<typeof recomputeRequest>,
    @Ctx() context: RequestContext,
  ): Promise<RecomputationSummary> {
    return this.recompute.execute({
      trigger: 'on_demand',
      actorId: context.principal.userId,
      ...(body.asOf ? { asOf: new Date(body.asOf) } : {}),
    });
  }

  /** The distribution (current tiers and the latest run's mix) and the members, by customer id. */
  @Get('tiers')
  @ApiPageQuery()
  @Roles('admin', 'analyst', 'supervisor', 'sales_manager')
  async tiers(
    @Query(new ZodPipe(tiersQuery, 'query')) query: z.infer<typeof tiersQuery>,
    @Ctx() context: RequestContext,
  ): Promise<{
    distribution: Record<'A' | 'B' | 'C', number>;
    latestRecomputation: RecomputationSummary | null;
    members: Page<TierMember>;
  }> {
    // Counted and listed within the caller's scope: a manager sees their region's mix.
    const visible = await this.customers.filter(context.scope, '_id');
    if (visible === null) {
      return {
        distribution: { A: 0, B: 0, C: 0 },
        latestRecomputation: null,
        members: { items: [], nextCursor: null },
      };
    }
    const status = await this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
    const [A, B, C] = await Promise.all(
      (['A', 'B', 'C'] as const).map((tier) => status.countDocuments({ ...visible, tier })),
    );
    const after = decodeCursor(query.cursor);
    const rows = await status
      .find({
        ...visible,
        ...(query.tier ? { tier: query.tier } : { tier: { $exists: true } }),
        ...(after ? { _id: { $gt: after } } : {}),
      })
      .sort({ _id: 1 })
      .limit(query.limit + 1)
      .toArray();
    return {
      distribution: { A: A!, B: B!, C: C! },
      // The run's summary is company-wide: for those who see every customer.
      latestRecomputation: coversAll(context.scope) ? await this.recompute.latest() : null,
      members: toPage(
        rows,
        query.limit,
        (row) => row._id,
        (row) => ({
          customerId: row._id,
          tier: row.tier!,
          since: row.tierHistory?.at(-1)?.from ?? null,
        }),
      ),
    };
  }

  /** Every tier the customer has had, and the one it had on a date (`on`, default today). */
  @Get('customers/:id/tiers')
  @Roles('admin', 'analyst', 'supervisor', 'sales_manager')
  async tierHistory(
    @Param('id', new ZodPipe(text(200))) customerId: string,
    @Query(new ZodPipe(tierOnQuery, 'query')) query: z.infer<typeof tierOnQuery>,
    @Ctx() context: RequestContext,
  ) {
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
    const on = query.on ? new Date(`${query.on}T23:59:59.999Z`) : new Date();
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
