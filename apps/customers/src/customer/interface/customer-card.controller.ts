import { Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
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
  ChangeRoute,
  ReadRoute,
} from '@crm/platform';
import { EraseCustomerHandler } from '../application/erase-customer/erase-customer.handler';
import { MergeCustomersHandler } from '../application/merge-customers/merge-customers.handler';
import { GetCustomerCardQuery } from '../application/get-customer-card/get-customer-card.query';
import { GetCustomerHistoryQuery } from '../application/get-history/get-history.query';
import { ManageContactsHandler } from '../application/manage-contacts/manage-contacts.handler';
import { UpdateCustomerHandler } from '../application/update-customer/update-customer.handler';
import {
  addContactRequest,
  customerIdParam,
  entityIdParam,
  eraseCustomerRequest,
  mergeCustomerRequest,
  updateContactRequest,
  updateCustomerRequest,
  type UpdateCustomerRequest,
} from './customers.requests';
import {
  commandOutcome,
  contactAdded,
  customerCard,
  historyAnswer,
  mergeAnswer,
} from './customers.responses';
import { CustomersRoutes, EVERY_READER, SALES } from './customer-routes';

/**
 * One customer's card: read and change it and its contacts, merge it into another, erase it,
 * read its event history.
 */
@CustomersRoutes()
export class CustomerCardController {
  constructor(
    private readonly getCustomerCard: GetCustomerCardQuery,
    private readonly updateCustomer: UpdateCustomerHandler,
    private readonly erasure: EraseCustomerHandler,
    private readonly merges: MergeCustomersHandler,
    private readonly history: GetCustomerHistoryQuery,
    private readonly contacts: ManageContactsHandler,
  ) {}

  @ReadRoute(':id', { roles: EVERY_READER, answer: customerCard })
  card(
    @ZodParam('id', customerIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof customerCard>> {
    return this.getCustomerCard.execute(id, context);
  }

  @ChangeRoute(':id', {
    method: Patch,
    roles: SALES,
    body: updateCustomerRequest,
    answer: commandOutcome,
  })
  update(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(updateCustomerRequest) body: UpdateCustomerRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    return this.updateCustomer.execute(id, body, context);
  }

  /** Erasure (personal-information law): crypto-shreds the customer's personal data, once (409 after). */
  @ChangeRoute(':id', {
    method: Delete,
    roles: ['admin'],
    body: eraseCustomerRequest,
    answer: commandOutcome,
  })
  erase(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(eraseCustomerRequest) body: z.infer<typeof eraseCustomerRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    const { requestReference, ...rest } = body;
    const input = { ...rest, ...(requestReference === undefined ? {} : { requestReference }) };
    return this.erasure.execute(id, input, context);
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

  @ChangeRoute(':id/contacts', {
    status: 201,
    roles: SALES,
    body: addContactRequest,
    answer: contactAdded,
  })
  addContact(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(addContactRequest) body: z.infer<typeof addContactRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof contactAdded>> {
    return this.contacts.add(id, body, context);
  }

  @ChangeRoute(':id/contacts/:contactId', {
    method: Patch,
    roles: SALES,
    body: updateContactRequest,
    answer: commandOutcome,
  })
  updateContact(
    @ZodParam('id', customerIdParam) id: string,
    @ZodParam('contactId', entityIdParam) contactId: string,
    @ZodBody(updateContactRequest) body: z.infer<typeof updateContactRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    return this.contacts.update(id, contactId, body, context);
  }

  @ChangeRoute(':id/contacts/:contactId', { method: Delete, roles: SALES, answer: commandOutcome })
  removeContact(
    @ZodParam('id', customerIdParam) id: string,
    @ZodParam('contactId', entityIdParam) contactId: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    return this.contacts.remove(id, contactId, context);
  }
}
