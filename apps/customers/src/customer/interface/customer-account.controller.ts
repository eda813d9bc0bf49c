import { Delete } from '@nestjs/common';
import { z } from 'zod';
import { ChangeRoute, Ctx, type RequestContext, ZodBody, ZodParam } from '@crm/platform';
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
import { CustomersRoutes, RecordOnceRoute, SALES } from './customer-routes';

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

  /** 201 for a new purchase; 200 for an order already recorded (nothing counted twice). */
  @RecordOnceRoute(':id/purchases', {
    roles: SALES,
    body: recordPurchaseRequest,
    answer: purchaseRecorded,
    replay: 'The order was recorded before: nothing counted again',
  })
  recordPurchase(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(recordPurchaseRequest) body: RecordPurchaseRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof purchaseRecorded>> {
    return this.purchases.record(id, body, context);
  }

  @ChangeRoute(':id/purchases/:purchaseId/reversals', {
    status: 201,
    roles: SALES,
    body: reversePurchaseRequest,
    answer: purchaseReversed,
  })
  reversePurchase(
    @ZodParam('id', customerIdParam) id: string,
    @ZodParam('purchaseId', entityIdParam) purchaseId: string,
    @ZodBody(reversePurchaseRequest) body: z.infer<typeof reversePurchaseRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof purchaseReversed>> {
    return this.purchases.reverse(id, purchaseId, body, context);
  }

  /** 201 for a new survey; 200 for one already recorded (D6 counts it once). */
  @RecordOnceRoute(':id/surveys', {
    roles: SALES,
    body: recordSurveyRequest,
    answer: surveyRecorded,
    replay: 'The survey was recorded before (same source and reference): nothing counted again',
  })
  recordSurvey(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(recordSurveyRequest) body: RecordSurveyRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof surveyRecorded>> {
    return this.surveys.record(id, body, context);
  }

  @ChangeRoute(':id/points/redeem', {
    status: 201,
    roles: SALES,
    body: redeemPointsRequest,
    answer: pointsRedeemed,
  })
  redeemPoints(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(redeemPointsRequest) body: z.infer<typeof redeemPointsRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof pointsRedeemed>> {
    return this.points.execute(id, body, context);
  }

  @ChangeRoute(':id/points/expire', { status: 201, roles: ['admin'], answer: commandOutcome })
  expirePoints(
    @ZodParam('id', customerIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    return this.points.expire(id, context);
  }

  @ChangeRoute(':id/key-account', {
    status: 201,
    roles: ['admin', 'sales_manager'],
    body: designateKeyAccountRequest,
    answer: keyAccountDesignated,
  })
  designateKeyAccount(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(designateKeyAccountRequest) body: z.infer<typeof designateKeyAccountRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof keyAccountDesignated>> {
    return this.keyAccounts.designate(id, body, context);
  }

  @ChangeRoute(':id/key-account', {
    method: Delete,
    roles: ['admin', 'sales_manager'],
    body: retireKeyAccountRequest,
    answer: commandOutcome,
  })
  retireKeyAccount(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(retireKeyAccountRequest) body: z.infer<typeof retireKeyAccountRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    return this.keyAccounts.retire(id, body.reason, context);
  }
}
