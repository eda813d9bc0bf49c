import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { text } from '@crm/contracts';
import {
  ApiBodyOf,
  ApiAnswerOf,
  Ctx,
  mayAct,
  type RequestContext,
  Roles,
  ZodPipe,
  ApiController,
} from '@crm/platform';
import { GreetingPlanner } from '@apps/analytics/src/engagement/application/greetings/greeting-planner';
import {
  EngagementError,
  EngagementErrorCode,
} from '@apps/analytics/src/engagement/domain/engagement.errors';
import { ONE_OFF_OCCASIONS } from '@apps/analytics/src/engagement/domain/one-off-occasion';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import { occasionPlanned } from './follow-ups.responses';

const recordOccasionRequest = z
  .object({
    occasion: z.enum(ONE_OFF_OCCASIONS),
    contactId: text(200),
    /** The local date of the occasion in the contact's time zone. */
    date: z.iso.date(),
    /** What it is ("新工厂开业", "award for quality"): sealed in the greeting's events (ADR 90). */
    label: text(200),
  })
  .strict();

@ApiController('engagement', 'engagement/customers')
export class OccasionsController {
  constructor(
    private readonly planner: GreetingPlanner,
    private readonly customers: CustomerScope,
  ) {}

  @Post(':customerId/occasions')
  @HttpCode(200)
  @Roles('sales_rep', 'sales_manager', 'supervisor', 'admin')
  @ApiOperation({
    summary: "Greet a contact on the customer's own event or with condolences (D9)",
    description: [
      "`customer_event` (an opening, an award) goes through the tier's channel; `condolence` always",
      'as a task for a personal word. Greeted on `date` at the configured local hour in the',
      "contact's time zone (at once if that hour has passed that day); a day already over is a 422",
      'naming `date`. Recording the same occasion (label and date) again is one greeting. Within the',
      "caller's scope: another rep's customer answers 404, as an unknown one.",
    ].join(' '),
  })
  @ApiBodyOf(recordOccasionRequest)
  @ApiAnswerOf(occasionPlanned)
  async record(
    @Param('customerId', new ZodPipe(text(200), 'query')) customerId: string,
    @Body(new ZodPipe(recordOccasionRequest)) body: z.infer<typeof recordOccasionRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof occasionPlanned>> {
    if (!mayAct(context.scope, await this.customers.refOf(customerId))) {
      throw new EngagementError(
        EngagementErrorCode.ContactNotFound,
        `customer ${customerId} is not known`,
        { errors: [{ field: 'customerId', message: 'is not a customer you may act for' }] },
      );
    }
    return this.planner.planOccasion(
      { customerId, ...body },
      { correlationId: context.correlationId, causationId: context.correlationId },
    );
  }
}
