import { ApiOperation } from '@nestjs/swagger';
import {
  Ctx,
  ListRoute,
  pageOf,
  type Page,
  type RequestContext,
  ZodQuery,
  ApiController,
} from '@crm/platform';
import {
  ListGreetingsQuery,
  greetingView,
  type GreetingView,
} from '@apps/analytics/src/engagement/application/greetings/list-greetings.query';
import { GREETING_LIST_STATUSES } from '@apps/analytics/src/engagement/infrastructure/greeting-list.projection';
import * as requests from './greetings.requests';

/** Those who answer for customers, and analysts (who see the contacts masked). */
const READERS = ['sales_rep', 'sales_manager', 'supervisor', 'admin', 'analyst'] as const;

@ApiController('engagement', 'engagement/greetings')
export class GreetingsController {
  constructor(private readonly listGreetings: ListGreetingsQuery) {}

  /** Read only: greetings go out by themselves (a `task` one becomes the rep's to-do when due). */
  @ListRoute({
    roles: READERS,
    filters: [
      {
        name: 'status',
        description: `One or several of ${GREETING_LIST_STATUSES.join(', ')}, comma-separated`,
        example: 'planned,failed',
      },
      {
        name: 'from',
        description: 'Due at or after this instant (ISO 8601 with offset)',
        schema: { type: 'string', format: 'date-time' },
      },
      {
        name: 'to',
        description: 'Due before this instant (ISO 8601 with offset), after `from`',
        schema: { type: 'string', format: 'date-time' },
      },
      { name: 'customerId' },
    ],
    answer: pageOf(greetingView),
  })
  @ApiOperation({
    summary:
      "The greetings planned for the contacts of the caller's customers (D9), due soonest first",
    description:
      "A rep sees their customers' greetings, a manager their region's, an analyst every one with the contact masked.",
  })
  list(
    @ZodQuery(requests.listGreetingsRequest) query: requests.ListGreetingsRequest,
    @Ctx() context: RequestContext,
  ): Promise<Page<GreetingView>> {
    return this.listGreetings.execute(
      {
        limit: query.limit,
        ...(query.status ? { statuses: query.status } : {}),
        ...(query.from ? { from: new Date(query.from) } : {}),
        ...(query.to ? { to: new Date(query.to) } : {}),
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      },
      context.scope,
    );
  }
}
