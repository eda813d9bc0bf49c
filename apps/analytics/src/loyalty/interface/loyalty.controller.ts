import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext, ZodQuery, ApiController } from '@crm/platform';
import { calendarMonth, ReportRoute } from '@apps/analytics/src/interface/report-queries';
import { TENURE_BUCKETS } from '../domain/loyalty';
import { LOYALTY_GROUPINGS, LoyaltyReport } from '../application/loyalty-report';

const isDay = (day: string) =>
  !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
  new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;

const loyaltyQuery = z
  .object({
    groupBy: z.enum(LOYALTY_GROUPINGS).default('company'),
    month: calendarMonth.optional(),
    end: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
      .refine(isDay, 'must be a calendar date')
      .optional(),
  })
  .strict()
  .superRefine((query, context) => {
    if (query.month !== undefined && query.end !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'give either month (a calendar month) or end (twelve months ending that day)',
      });
  });

const period = z.object({
  from: z.string().describe('YYYY-MM-DD, included'),
  to: z.string().describe('YYYY-MM-DD, included'),
});
const rate = z.number().min(0).max(1).nullable();

const loyaltyAnswer = z.object({
  groupBy: z.enum(LOYALTY_GROUPINGS),
  window: z.enum(['month', '12_months']),
  period,
  previous: period.describe("the period of the same length just before: retention's base"),
  groups: z
    .array(
      z.object({
        key: z
          .string()
          .describe(
            '`company`, a region, an owner id, or a tier (`none` before the first ranking)',
          ),
        activeCustomers: z.number().int().describe('customers with a purchase in the period'),
        repeatCustomers: z
          .number()
          .int()
          .describe('of those, the ones that had bought on another day by the end of the period'),
        repeatPurchaseRate: rate.describe('repeatCustomers ÷ activeCustomers, to four places'),
        previousCustomers: z.number().int().describe('customers with a purchase in `previous`'),
        retainedCustomers: z
          .number()
          .int()
          .describe('of those, the ones with a purchase in the period too'),
        retentionRate: rate.describe('retainedCustomers ÷ previousCustomers, to four places'),
        tenure: z.object({
          medianDays: z
            .number()
            .nullable()
            .describe("median days from an active customer's first purchase to the period's end"),
          buckets: z.object(
            Object.fromEntries(TENURE_BUCKETS.map((bucket) => [bucket, z.number().int()])),
          ),
        }),
      }),
    )
    .readonly(),
});

@ApiController('analytics', 'analytics/loyalty')
export class LoyaltyController {
  constructor(private readonly report: LoyaltyReport) {}

  @ReportRoute({
    roles: ['admin', 'analyst', 'supervisor', 'sales_manager', 'sales_rep'],
    queries: [
      { name: 'groupBy', required: false, enum: LOYALTY_GROUPINGS },
      { name: 'month', required: false, type: String, description: 'YYYY-MM: a calendar month' },
      {
        name: 'end',
        required: false,
        type: String,
        description:
          'YYYY-MM-DD (UTC): the twelve months ending that day; today when neither is given',
      },
    ],
    answer: loyaltyAnswer,
  })
  @ApiOperation({
    summary: 'Loyalty (D6): repeat-purchase rate, tenure and retention for a period',
    description: [
      "Over the customers in the caller's scope (a rep's own, a manager's region), from purchases",
      'by business day: a purchase refunded in full is none; a merged duplicate counts on its',
      'survivor; erased customers are left out (ADR 142). Groups without a purchase in either',
      'period are left out.',
    ].join(' '),
  })
  loyalty(
    @ZodQuery(loyaltyQuery) query: z.infer<typeof loyaltyQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof loyaltyAnswer>> {
    return this.report.groupBy(
      query.groupBy,
      query.month !== undefined
        ? { month: query.month }
        : query.end !== undefined
          ? { end: query.end }
          : {},
      context.scope,
    );
  }
}
