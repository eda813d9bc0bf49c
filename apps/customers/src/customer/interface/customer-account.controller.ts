import { Delete, HttpCode, Post, Res } from '@nestjs/common';
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
  AnswersWithEtag,
} from '@crm/platform';
import { KeyAccountHandler } from '../application/key-account/key-account.handler';
import { RecordPurchaseHandler } from '../application/record-purchase/record-purchase.handler';
import { RecordSurveyHandler } from '../application/record-survey/record-survey.handler';
import { RedeemPointsHandler } from '../application/redeem-points/redeem-points.handler';
import {
  customerIdParam,
  designateKeyAccountRequest,
  entityIdParam,
  recordPurchaseRequest,
  recordSurveyRequest,
  redeemPointsRequest,
  retireKeyAccountRequest,
  reversePurchaseRequest,
  type RecordPurchaseRequest,
  type RecordSurveyRequest,
} from './customers.requests';
import {
  commandOutcome,
  keyAccountDesignated,
  pointsRedeemed,
  purchaseRecorded,
  purchaseReversed,
  surveyRecorded,
} from './customers.responses';
import { CustomersRoutes, SALES } from './customer-routes';

/**
 * What a customer does with us: purchases and their reversals, satisfaction surveys, loyalty
 * points, and its key-account designation.
 */
@CustomersRoutes()
export class CustomerAccountController {
  constructor(
    private readonly purchases: RecordPurchaseHandler,
    private readonly surveys: RecordSurveyHandler,
    private readonly points: RedeemPointsHandler,
    private readonly keyAccounts: KeyAccountHandler,
  ) {}

  @Post(':id/purchases')
  @Roles(...SALES)
  @ApiBodyOf(recordPurchaseRequest)
  @ApiAnswerOf(purchaseRecorded, { status: 201 })
  @ApiAnswerOf(purchaseRecorded, {
    description: 'The order was recorded before: nothing counted again',
  })
  @AnswersWithEtag()
  async recordPurchase(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(recordPurchaseRequest) body: RecordPurchaseRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof purchaseRecorded>> {
    const result = await this.purchases.record(id, body, context);
    // 201 for a new purchase; 200 for an order already recorded (nothing counted twice).
    response.status(result.recorded ? 201 : 200);
    return result;
  }

  @Post(':id/purchases/:purchaseId/reversals')
  @HttpCode(201)
  @Roles(...SALES)
  @ApiBodyOf(reversePurchaseRequest)
  @ApiAnswerOf(purchaseReversed, { status: 201 })
  @AnswersWithEtag()
  reversePurchase(
    @ZodParam('id', customerIdParam) id: string,
    @ZodParam('purchaseId', entityIdParam) purchaseId: string,
    @ZodBody(reversePurchaseRequest) body: z.infer<typeof reversePurchaseRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof purchaseReversed>> {
    return this.purchases.reverse(id, purchaseId, body, context);
  }

  @Post(':id/surveys')
  @Roles(...SALES)
  @ApiBodyOf(recordSurveyRequest)
  @ApiAnswerOf(surveyRecorded, { status: 201 })
  @ApiAnswerOf(surveyRecorded, {
    description:
      'The survey was recorded before (same source and reference): nothing counted again',
  })
  @AnswersWithEtag()
  async recordSurvey(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(recordSurveyRequest) body: RecordSurveyRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof surveyRecorded>> {
    const result = await this.surveys.record(id, body, context);
    // 201 for a new survey; 200 for one already recorded (D6 counts it once).
    response.status(result.recorded ? 201 : 200);
    return result;
  }

  @Post(':id/points/redeem')
  @HttpCode(201)
  @Roles(...SALES)
  @ApiBodyOf(redeemPointsRequest)
  @ApiAnswerOf(pointsRedeemed, { status: 201 })
  @AnswersWithEtag()
  redeemPoints(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(redeemPointsRequest) body: z.infer<typeof redeemPointsRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof pointsRedeemed>> {
    return this.points.execute(id, body, context);
  }

  @Post(':id/points/expire')
  @Roles('admin')
  @ApiAnswerOf(commandOutcome, { status: 201 })
  @AnswersWithEtag()
  expirePoints(
    @ZodParam('id', customerIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    return this.points.expire(id, context);
  }

  @Post(':id/key-account')
  @HttpCode(201)
  @Roles('admin', 'sales_manager')
  @ApiBodyOf(designateKeyAccountRequest)
  @ApiAnswerOf(keyAccountDesignated, { status: 201 })
  @AnswersWithEtag()
  designateKeyAccount(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(designateKeyAccountRequest) body: z.infer<typeof designateKeyAccountRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof keyAccountDesignated>> {
    return this.keyAccounts.designate(id, body, context);
  }

  @Delete(':id/key-account')
  @Roles('admin', 'sales_manager')
  @ApiBodyOf(retireKeyAccountRequest)
  @ApiAnswerOf(commandOutcome)
  @AnswersWithEtag()
  retireKeyAccount(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(retireKeyAccountRequest) body: z.infer<typeof retireKeyAccountRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    return this.keyAccounts.retire(id, body.reason, context);
  }
}
