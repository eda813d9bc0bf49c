import { Get, Param } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { Topics, type BoundedContext } from '@crm/contracts';
import {
  ApiAnswerOf,
  Ctx,
  decodeCursor,
  ListRoute,
  pageQuery,
  Roles,
  ZodParam,
  ZodPipe,
  ZodQuery,
  type RequestContext,
  ApiController,
} from '@crm/platform';
import { GetCustomer360Query } from '../application/get-customer-360.query';
import {
  GetCustomerTimelineQuery,
  timelinePositionOf,
} from '../application/get-customer-timeline.query';
import { TIMELINE_LINK_KINDS, TIMELINE_TYPES } from '../domain/timeline-entry';
import { customer360Answer, satisfactionTrendAnswer } from './customer-360.responses';

/** Who reads one customer's 360 view, its CSI trend and its timeline (each within their scope). */
const CUSTOMER_READERS = ['admin', 'analyst', 'supervisor', 'sales_manager', 'sales_rep'] as const;
const SERVICES = Object.keys(Topics) as [BoundedContext, ...BoundedContext[]];
const TYPES = [...new Set(Object.values(TIMELINE_TYPES).flat())].sort() as [string, ...string[]];

const timelineQuery = z
  .object({
    service: z.enum(SERVICES).optional(),
    type: z.enum(TYPES).optional(),
    cursor: pageQuery.cursor.refine(
      (cursor) => cursor === undefined || timelinePositionOf(decodeCursor(cursor)!) !== undefined,
      'must be a cursor returned by this API',
    ),
    limit: pageQuery.limit,
  })
  .strict();

const timelineAnswer = z.object({
  customerId: z.string(),
  items: z
    .array(
      z.object({
        eventId: z.string(),
        occurredAt: z.string().describe('ISO date-time: the business time of the event'),
        service: z.enum(SERVICES),
        type: z.enum(TYPES).describe('the event name'),
        summary: z.string().describe('codes, amounts, dates and ids only: never personal data'),
        link: z
          .object({ kind: z.enum(TIMELINE_LINK_KINDS), id: z.string() })
          .nullable()
          .describe('what the entry is about (a complaint, a visit, a purchase...)'),
      }),
    )
    .readonly(),
  nextCursor: z
    .string()
    .nullable()
    .describe('pass as `cursor` for the next page; null on the last'),
});

@ApiController('analytics', 'analytics/customers')
export class Customer360Controller {
  constructor(
    private readonly query: GetCustomer360Query,
    private readonly timelines: GetCustomerTimelineQuery,
  ) {}

  @Get(':id')
  @Roles(...CUSTOMER_READERS)
  @ApiAnswerOf(customer360Answer)
  view(
    @Param('id', new ZodPipe(z.uuid(), 'query')) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof customer360Answer>> {
    return this.query.execute(id, context.scope);
  }

  @Get(':id/satisfaction')
  @Roles(...CUSTOMER_READERS)
  @ApiOperation({
    summary: "The customer's CSI over time, with its early warnings (D6)",
    description: [
      '`points`: each satisfaction score (visit feedback, complaint closure, follow-up call, survey) in',
      'business-time order, with the CSI right after it. `alerts`: the early-warning episodes, one',
      'per episode as they were raised (`below_floor` or `sharp_drop`). `csi` is the CSI as of now',
      "(as on the 360 view), `floor` the alert floor. Within the caller's scope only: another",
      "region's customer answers 404, as an unknown one.",
    ].join(' '),
  })
  @ApiAnswerOf(satisfactionTrendAnswer)
  satisfaction(
    @ZodParam('id', z.uuid()) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof satisfactionTrendAnswer>> {
    return this.query.satisfactionTrend(id, context.scope);
  }

  @ListRoute({
    path: ':id/timeline',
    roles: CUSTOMER_READERS,
    filters: [
      { name: 'service', enum: SERVICES },
      { name: 'type', enum: TYPES },
    ],
    answer: timelineAnswer,
  })
  @ApiOperation({
    summary: "The customer's events across the services, newest first (ADR 137)",
    description: [
      'One entry per event about the customer from customers, visits, complaints, analytics and',
      'engagement (card changes, purchases, points, visits, opportunities, complaint steps, tier',
      'and lifecycle changes, satisfaction scores and alerts, follow-ups and greetings), by its',
      'business time, then event id. `summary` holds codes, amounts, dates and ids only. Filter',
      'by `service` or `type`; page with `cursor`. The newest entries per customer are kept',
      '(`TIMELINE_ENTRIES_PER_CUSTOMER`). Same readers and scope as the 360 view: a customer',
      "outside the caller's scope answers 404, as an unknown one; an analyst is not shown the",
      "greetings of a contact's personal occasions.",
    ].join(' '),
  })
  timeline(
    @ZodParam('id', z.uuid()) id: string,
    @ZodQuery(timelineQuery) query: z.infer<typeof timelineQuery>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof timelineAnswer>> {
    const { cursor, ...filter } = query;
    const after = cursor === undefined ? undefined : timelinePositionOf(decodeCursor(cursor)!);
    return this.timelines.execute(id, context.scope, { ...filter, ...(after ? { after } : {}) });
  }
}
