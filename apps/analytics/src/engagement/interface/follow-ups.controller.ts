import { Param } from '@nestjs/common';
import { z } from 'zod';
import { FOLLOW_UP_REASONS } from '@crm/contracts';
import {
  ChangeRoute,
  Ctx,
  ListRoute,
  type RequestContext,
  ZodBody,
  ZodPipe,
  ZodQuery,
  ApiController,
} from '@crm/platform';
import { FollowUpsHandler } from '@apps/analytics/src/engagement/application/follow-ups/follow-ups.handler';
import { ListFollowUpsQuery } from '@apps/analytics/src/engagement/application/follow-ups/list-follow-ups.query';
import * as requests from './follow-ups.requests';
import { followUpCompleted, followUpPage } from './follow-ups.responses';

const OWNERS = ['sales_rep', 'sales_manager', 'supervisor', 'admin'] as const;

@ApiController('engagement', 'engagement/follow-ups')
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsHandler,
    private readonly listFollowUps: ListFollowUpsQuery,
  ) {}

  /** A rep's list is their own; managers may pass `ownerId`. */
  @ListRoute({
    roles: OWNERS,
    filters: [
      { name: 'ownerId' },
      { name: 'customerId' },
      { name: 'status' },
      {
        name: 'reason',
        enum: [...FOLLOW_UP_REASONS, requests.REACTIVATION],
        description:
          '`reactivation`: the calls to drowsy, half-asleep and dormant customers (D5, D9)',
      },
    ],
    answer: followUpPage,
  })
  list(
    @ZodQuery(requests.listFollowUpsRequest) query: requests.ListFollowUpsRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof followUpPage>> {
    return this.listFollowUps.execute(query, context.scope);
  }

  /** Records the outcome (and the customer's satisfaction 1–5, which feeds CSI). */
  @ChangeRoute(':followUpId/complete', {
    roles: OWNERS,
    body: requests.completeFollowUpRequest,
    answer: followUpCompleted,
  })
  async complete(
    @Param('followUpId', new ZodPipe(requests.followUpIdParam, 'query')) followUpId: string,
    @ZodBody(requests.completeFollowUpRequest) input: requests.CompleteFollowUpRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof followUpCompleted>> {
    const version = await this.followUps.complete({ followUpId, ...input }, context);
    return { followUpId, status: 'completed', version };
  }
}
