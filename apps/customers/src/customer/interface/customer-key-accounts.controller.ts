import { Controller, Delete, HttpCode, Post, Res } from '@nestjs/common';
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
import { KeyAccountHandler } from '../application/key-account/key-account.handler';
import {
  customerIdParam,
  designateKeyAccountRequest,
  retireKeyAccountRequest,
} from './customers.requests';
import { commandOutcome, keyAccountDesignated } from './customers.responses';
import { CustomersOperationIds } from './customer-routes';

/** Key-account designation and its retirement. */
@CustomersOperationIds()
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerKeyAccountsController {
  constructor(private readonly keyAccounts: KeyAccountHandler) {}

  @Post(':id/key-account')
  @HttpCode(201)
  @Roles('admin', 'sales_manager')
  @ApiBodyOf(designateKeyAccountRequest)
  @ApiAnswerOf(keyAccountDesignated, { status: 201 })
  async designateKeyAccount(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(designateKeyAccountRequest) body: z.infer<typeof designateKeyAccountRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof keyAccountDesignated>> {
    return withEtag(response, await this.keyAccounts.designate(id, body, context));
  }

  @Delete(':id/key-account')
  @Roles('admin', 'sales_manager')
  @ApiBodyOf(retireKeyAccountRequest)
  @ApiAnswerOf(commandOutcome)
  async retireKeyAccount(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(retireKeyAccountRequest) body: z.infer<typeof retireKeyAccountRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof commandOutcome>> {
    return withEtag(response, await this.keyAccounts.retire(id, body.reason, context));
  }
}
