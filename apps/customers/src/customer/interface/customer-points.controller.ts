import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  Ctx,
  type RequestContext,
  Roles,
  ZodBody,
  ZodParam,
  ApiAnswerOf,
  ApiBodyOf,
  withEtag,
} from '@crm/platform';
import { RedeemPointsHandler } from '../application/redeem-points/redeem-points.handler';
import { customerIdParam, redeemPointsRequest } from './customers.requests';
import { commandOutcome, pointsRedeemed } from './customers.responses';
import { CustomersOperationIds, SALES } from './customer-routes';

/** A customer's loyalty points: redeemed for a voucher, expired. */
@CustomersOperationIds()
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerPointsController {
  constructor(private readonly points: RedeemPointsHandler) {}

  @Post(':id/points/redeem')
  @HttpCode(201)
  @Roles(...SALES)
  @ApiBodyOf(redeemPointsRequest)
  @ApiAnswerOf(pointsRedeemed, { status: 201 })
  async redeemPoints(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(redeemPointsRequest) body: z.infer<typeof redeemPointsRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof pointsRedeemed>> {
    return withEtag(response, await this.points.execute(id, body, context));
  }

  @Post(':id/points/expire')
  @Roles('admin')
  @ApiAnswerOf(commandOutcome, { status: 201 })
  async expirePoints(
    @ZodParam('id', customerIdParam) id: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof commandOutcome>> {
    return withEtag(response, await this.points.expire(id, context));
  }
}
