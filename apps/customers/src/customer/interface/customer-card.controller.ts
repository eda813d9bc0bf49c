import { Controller, Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  Ctx,
  etagOf,
  type RequestContext,
  Roles,
  ZodBody,
  ZodParam,
  ApiAnswerOf,
  ApiBodyOf,
  withEtag,
} from '@crm/platform';
import { EraseCustomerHandler } from '../application/erase-customer/erase-customer.handler';
import { MergeCustomersHandler } from '../application/merge-customers/merge-customers.handler';
import { GetCustomerCardQuery } from '../application/get-customer-card/get-customer-card.query';
import { GetCustomerHistoryQuery } from '../application/get-history/get-history.query';
import { UpdateCustomerHandler } from '../application/update-customer/update-customer.handler';
import {
  customerIdParam,
  eraseCustomerRequest,
  mergeCustomerRequest,
  updateCustomerRequest,
  type UpdateCustomerRequest,
} from './customers.requests';
import { commandOutcome, customerCard, historyAnswer, mergeAnswer } from './customers.responses';
import { CustomersOperationIds, EVERY_READER, SALES } from './customer-routes';

/** One customer's card: read and change it, merge it into another, erase it, its event history. */
@CustomersOperationIds()
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerCardController {
  constructor(
    private readonly getCustomerCard: GetCustomerCardQuery,
    private readonly updateCustomer: UpdateCustomerHandler,
    private readonly erasure: EraseCustomerHandler,
    private readonly merges: MergeCustomersHandler,
    private readonly history: GetCustomerHistoryQuery,
  ) {}

  @Get(':id')
  @Roles(...EVERY_READER)
  @ApiAnswerOf(customerCard)
  async card(
    @ZodParam('id', customerIdParam) id: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof customerCard>> {
    const card = await this.getCustomerCard.execute(id, context);
    return withEtag(response, card);
  }

  @Patch(':id')
  @Roles(...SALES)
  @ApiBodyOf(updateCustomerRequest)
  @ApiAnswerOf(commandOutcome)
  async update(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(updateCustomerRequest) body: UpdateCustomerRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof commandOutcome>> {
    return withEtag(response, await this.updateCustomer.execute(id, body, context));
  }

  /** Erasure (personal-information law): crypto-shreds the customer's personal data, once (409 after). */
  @Delete(':id')
  @Roles('admin')
  @ApiBodyOf(eraseCustomerRequest)
  @ApiAnswerOf(commandOutcome)
  async erase(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(eraseCustomerRequest) body: z.infer<typeof eraseCustomerRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof commandOutcome>> {
    const { requestReference, ...rest } = body;
    const input = { ...rest, ...(requestReference === undefined ? {} : { requestReference }) };
    return withEtag(response, await this.erasure.execute(id, input, context));
  }

  /** Merges this customer (the duplicate) into `survivorId`; If-Match applies to the duplicate. */
  @Post(':id/merge')
  @HttpCode(200)
  @Roles('admin', 'sales_manager')
  @ApiBodyOf(mergeCustomerRequest)
  @ApiAnswerOf(mergeAnswer)
  async merge(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(mergeCustomerRequest) body: z.infer<typeof mergeCustomerRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof mergeAnswer>> {
    const outcome = await this.merges.execute(id, body.survivorId, context);
    response.setHeader('ETag', etagOf(outcome.duplicate.version));
    response.setHeader('Location', `/customers/${body.survivorId}`);
    return outcome;
  }

  @Get(':id/history')
  @Roles('admin', 'sales_manager')
  @ApiAnswerOf(historyAnswer)
  async streamHistory(
    @ZodParam('id', customerIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof historyAnswer>> {
    return this.history.execute(id, context);
  }
}
