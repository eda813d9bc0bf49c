import { Controller, Delete, HttpCode, Patch, Post, Res } from '@nestjs/common';
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
import { ManageContactsHandler } from '../application/manage-contacts/manage-contacts.handler';
import {
  addContactRequest,
  customerIdParam,
  entityIdParam,
  updateContactRequest,
} from './customers.requests';
import { commandOutcome, contactAdded } from './customers.responses';
import { CustomersOperationIds, SALES } from './customer-routes';

/** A customer's contacts. */
@CustomersOperationIds()
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerContactsController {
  constructor(private readonly contacts: ManageContactsHandler) {}

  @Post(':id/contacts')
  @HttpCode(201)
  @Roles(...SALES)
  @ApiBodyOf(addContactRequest)
  @ApiAnswerOf(contactAdded, { status: 201 })
  async addContact(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(addContactRequest) body: z.infer<typeof addContactRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof contactAdded>> {
    return withEtag(response, await this.contacts.add(id, body, context));
  }

  @Patch(':id/contacts/:contactId')
  @Roles(...SALES)
  @ApiBodyOf(updateContactRequest)
  @ApiAnswerOf(commandOutcome)
  async updateContact(
    @ZodParam('id', customerIdParam) id: string,
    @ZodParam('contactId', entityIdParam) contactId: string,
    @ZodBody(updateContactRequest) body: z.infer<typeof updateContactRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof commandOutcome>> {
    return withEtag(response, await this.contacts.update(id, contactId, body, context));
  }

  @Delete(':id/contacts/:contactId')
  @Roles(...SALES)
  @ApiAnswerOf(commandOutcome)
  async removeContact(
    @ZodParam('id', customerIdParam) id: string,
    @ZodParam('contactId', entityIdParam) contactId: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof commandOutcome>> {
    return withEtag(response, await this.contacts.remove(id, contactId, context));
  }
}
