import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { FOLLOW_UP_REASONS } from '@crm/contracts';
import {
  ApiBodyOf,
  ApiAnswerOf,
  ApiPageQuery,
  Ctx,
  etagOf,
  type RequestContext,
  Roles,
  ZodPipe,
} from '@crm/platform';
import { FollowUpsHandler } from '@apps/analytics/src/engagement/application/follow-ups/follow-ups.handler';
import { ListFollowUpsQuery } from '@apps/analytics/src/engagement/application/follow-ups/list-follow-ups.query';
import * as requests from './follow-ups.requests';
import { followUpCompleted, followUpPage } from './follow-ups.responses';

const OWNERS = ['sales_rep', 'sales_manager', 'supervisor', 'admin'] as const;

@ApiTags('engagement')
@ApiBearerAuth()
@Controller('engagement/follow-ups')
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsHandler,
    private readonly listFollowUps: ListFollowUpsQuery,
  ) {}

  /** A rep's list is their own; managers may pass `ownerId`. */
  @Get()
  @Roles(...OWNERS)
  @ApiQuery({ name: 'ownerId', required: false })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({
    name: 'reason',
    required: false,
    enum: [...FOLLOW_UP_REASONS, requests.REACTIVATION],
    description: '`reactivation`: the calls to drowsy, half-asleep and dormant customers (D5, D9)',
  })
  @ApiPageQuery()
  @ApiAnswerOf(followUpPage)
  list(
    @Query(new ZodPipe(requests.listFollowUpsRequest, 'query'))
    query: requests.ListFollowUpsRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof followUpPage>> {
    return this.listFollowUps.execute(query, context.scope);
  }

  /** Records the outcome (and the customer's satisfaction 1–5, which feeds CSI). */
  @Post(':followUpId/complete')
  @HttpCode(200)
  @Roles(...OWNERS)
  @ApiBodyOf(requests.completeFollowUpRequest)
  @ApiAnswerOf(followUpCompleted)
  async complete(
    @Param('followUpId', new ZodPipe(requests.followUpIdParam, 'query')) followUpId: string,
    @Body(new ZodPipe(requests.completeFollowUpRequest)) input: requests.CompleteFollowUpRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof followUpCompleted>> {
    const version = await this.followUps.complete({ followUpId, ...input }, context);
    response.setHeader('ETag', etagOf(version));
    return { followUpId, status: 'completed', version };
  }
}
