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
import { RecordPurchaseHandler } from '../application/record-purchase/record-purchase.handler';
import {
  customerIdParam,
  entityIdParam,
  recordPurchaseRequest,
  reversePurchaseRequest,
  type RecordPurchaseRequest,
} from './customers.requests';
import { purchaseRecorded, purchaseReversed } from './customers.responses';
import { CustomersOperationIds, SALES } from './customer-routes';

/** A customer's purchases and their reversals. */
@CustomersOperationIds()
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerPurchasesController {
  constructor(private readonly purchases: RecordPurchaseHandler) {}

  @Post(':id/purchases')
  @Roles(...SALES)
  @ApiBodyOf(recordPurchaseRequest)
  @ApiAnswerOf(purchaseRecorded, { status: 201 })
  @ApiAnswerOf(purchaseRecorded, {
    description: 'The order was recorded before: nothing counted again',
  })
  async recordPurchase(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(recordPurchaseRequest) body: RecordPurchaseRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof purchaseRecorded>> {
    const result = await this.purchases.record(id, body, context);
    // 201 for a new purchase; 200 for an order already recorded (nothing counted twice).
    response.status(result.recorded ? 201 : 200);
    return withEtag(response, result);
  }

  @Post(':id/purchases/:purchaseId/reversals')
  @HttpCode(201)
  @Roles(...SALES)
  @ApiBodyOf(reversePurchaseRequest)
  @ApiAnswerOf(purchaseReversed, { status: 201 })
  async reversePurchase(
    @ZodParam('id', customerIdParam) id: string,
    @ZodParam('purchaseId', entityIdParam) purchaseId: string,
    @ZodBody(reversePurchaseRequest) body: z.infer<typeof reversePurchaseRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof purchaseReversed>> {
    return withEtag(response, await this.purchases.reverse(id, purchaseId, body, context));
  }
}
