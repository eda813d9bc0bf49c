import { Controller, Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  ApiPageQuery,
  Ctx,
  etagOf,
  type Page,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ZodParam,
  ApiAnswerOf,
  ApiBodyOf,
  withEtag,
  created,
} from '@crm/platform';
import {
  CardCompletenessQuery,
  type CompletenessPage,
  type IncompleteCard,
} from '../application/card-completeness/card-completeness.query';
import { EraseCustomerHandler } from '../application/erase-customer/erase-customer.handler';
import { MergeCustomersHandler } from '../application/merge-customers/merge-customers.handler';
import { FindDuplicatesQuery } from '../application/find-duplicates/find-duplicates.query';
import { GetCustomerCardQuery } from '../application/get-customer-card/get-customer-card.query';
import { GetCustomerHistoryQuery } from '../application/get-history/get-history.query';
import { HandOverHandler } from '../application/hand-over/hand-over.handler';
import { KeyAccountHandler } from '../application/key-account/key-account.handler';
import { ListCustomersQuery } from '../application/list-customers/list-customers.query';
import { ManageContactsHandler } from '../application/manage-contacts/manage-contacts.handler';
import { RecordPurchaseHandler } from '../application/record-purchase/record-purchase.handler';
import { RecordSurveyHandler } from '../application/record-survey/record-survey.handler';
import { RedeemPointsHandler } from '../application/redeem-points/redeem-points.handler';
import { RegisterCustomerHandler } from '../application/register-customer/register-customer.handler';
import { UpdateCustomerHandler } from '../application/update-customer/update-customer.handler';
import {
  addContactRequest,
  completenessRequest,
  customerIdParam,
  designateKeyAccountRequest,
  dismissDuplicateRequest,
  duplicateCheckRequest,
  duplicateReviewRequest,
  entityIdParam,
  eraseCustomerRequest,
  handOverRequest,
  incompleteCardsRequest,
  mergeCustomerRequest,
  listCustomersRequest,
  recordPurchaseRequest,
  recordSurveyRequest,
  redeemPointsRequest,
  registerCustomerRequest,
  retireKeyAccountRequest,
  reversePurchaseRequest,
  updateContactRequest,
  updateCustomerRequest,
  type ListCustomersRequest,
  type RecordPurchaseRequest,
  type RecordSurveyRequest,
  type RegisterCustomerRequest,
  type UpdateCustomerRequest,
} from './customers.requests';
import { completenessResponse, incompleteCardsResponse } from './card-completeness.responses';
import {
  commandOutcome,
  contactAdded,
  customerCard,
  customerPage,
  handOverAnswer,
  historyAnswer,
  keyAccountDesignated,
  mergeAnswer,
  pointsRedeemed,
  possibleDuplicates,
  purchaseRecorded,
  purchaseReversed,
  registeredCustomer,
  surveyRecorded,
} from './customers.responses';

const EVERY_READER = [
  'admin',
  'sales_manager',
  'sales_rep',
  'analyst',
  'service_agent',
  'supervisor',
] as const;
const SALES = ['admin', 'sales_manager', 'sales_rep'] as const;
/** Completeness is about the sales team's work: its managers, its reps (their own), analysts. */
const COMPLETENESS_READERS = ['admin', 'sales_manager', 'sales_rep', 'analyst'] as const;

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly registerCustomer: RegisterCustomerHandler,
    private readonly getCustomerCard: GetCustomerCardQuery,
    private readonly listCustomers: ListCustomersQuery,
    private readonly updateCustomer: UpdateCustomerHandler,
    private readonly contacts: ManageContactsHandler,
    private readonly purchases: RecordPurchaseHandler,
    private readonly points: RedeemPointsHandler,
    private readonly keyAccounts: KeyAccountHandler,
    private readonly history: GetCustomerHistoryQuery,
    private readonly duplicates: FindDuplicatesQuery,
    private readonly erasure: EraseCustomerHandler,
    private readonly merges: MergeCustomersHandler,
    private readonly handOvers: HandOverHandler,
    private readonly completeness: CardCompletenessQuery,
    private readonly surveys: RecordSurveyHandler,
  ) {}

  @Get()
  @Roles(...EVERY_READER)
  @ApiQuery({ name: 'owner', required: false })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'tier', required: false, enum: ['A', 'B', 'C'] })
  @ApiQuery({ name: 'lifecycle', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'prefix of name, code or a contact name' })
  @ApiPageQuery()
  @ApiAnswerOf(customerPage)
  list(
    @ZodQuery(listCustomersRequest) query: ListCustomersRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof customerPage>> {
    return this.listCustomers.execute(query, context);
  }

  @Post()
  @HttpCode(201)
  @Roles(...SALES)
  @ApiBodyOf(registerCustomerRequest)
  @ApiAnswerOf(registeredCustomer, { status: 201 })
  async register(
    @ZodBody(registerCustomerRequest) body: RegisterCustomerRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof registeredCustomer>> {
    const result = await this.registerCustomer.execute(body, context);
    return created(response, result, `/customers/${result.customerId}`);
  }

  /** A rep leaves: their customers (within the caller's region) go to their successor. */
  @Post('handover')
  @HttpCode(200)
  @Roles('admin', 'sales_manager')
  @ApiBodyOf(handOverRequest)
  @ApiAnswerOf(handOverAnswer)
  handOver(
    @ZodBody(handOverRequest) body: z.infer<typeof handOverRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof handOverAnswer>> {
    return this.handOvers.execute(body, context);
  }

  @Get('duplicates')
  @Roles(...EVERY_READER)
  @ApiPageQuery()
  @ApiAnswerOf(customerPage)
  duplicateReview(
    @ZodQuery(duplicateReviewRequest)
    query: z.infer<typeof duplicateReviewRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof customerPage>> {
    return this.listCustomers.execute({ ...query, flaggedDuplicates: true }, context);
  }

  /** D1: how complete each rep's cards are, within the caller's scope. */
  @Get('completeness')
  @Roles(...COMPLETENESS_READERS)
  @ApiPageQuery()
  @ApiAnswerOf(completenessResponse)
  completenessByRep(
    @ZodQuery(completenessRequest) query: z.infer<typeof completenessRequest>,
    @Ctx() context: RequestContext,
  ): Promise<CompletenessPage & z.infer<typeof completenessResponse>> {
    return this.completeness.byRep(query, context);
  }

  /** One rep's cards that fail a D1 check, with what each lacks. */
  @Get('completeness/cards')
  @Roles(...COMPLETENESS_READERS)
  @ApiQuery({
    name: 'ownerId',
    required: true,
    type: String,
    description: 'the rep whose cards to list',
  })
  @ApiPageQuery()
  @ApiAnswerOf(incompleteCardsResponse)
  incompleteCards(
    @ZodQuery(incompleteCardsRequest) query: z.infer<typeof incompleteCardsRequest>,
    @Ctx() context: RequestContext,
  ): Promise<Page<IncompleteCard> & z.infer<typeof incompleteCardsResponse>> {
    return this.completeness.incompleteCards(query, context);
  }

  /** Before saving: the visible customers a card with these values would duplicate. */
  @Post('duplicates/check')
  @HttpCode(200)
  @Roles(...SALES)
  @ApiBodyOf(duplicateCheckRequest)
  @ApiAnswerOf(possibleDuplicates)
  async checkDuplicates(
    @ZodBody(duplicateCheckRequest) body: z.infer<typeof duplicateCheckRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof possibleDuplicates>> {
    return { items: await this.duplicates.of(body, '', context.scope) };
  }

  @Get(':id/duplicates')
  @Roles(...EVERY_READER)
  @ApiAnswerOf(possibleDuplicates)
  async duplicatesOf(
    @ZodParam('id', customerIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof possibleDuplicates>> {
    return { items: await this.duplicates.forCustomer(id, context) };
  }

  /** The review's "not a duplicate": the pair is no longer flagged (PossibleDuplicateDismissed). */
  @Post(':id/duplicates/dismiss')
  @HttpCode(200)
  @Roles(...SALES)
  @ApiBodyOf(dismissDuplicateRequest)
  @ApiAnswerOf(commandOutcome)
  async dismissDuplicate(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(dismissDuplicateRequest) body: z.infer<typeof dismissDuplicateRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof commandOutcome>> {
    return withEtag(response, await this.duplicates.dismiss(id, body.otherCustomerId, context));
  }

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

  @Post(':id/surveys')
  @Roles(...SALES)
  @ApiBodyOf(recordSurveyRequest)
  @ApiAnswerOf(surveyRecorded, { status: 201 })
  @ApiAnswerOf(surveyRecorded, {
    description:
      'The survey was recorded before (same source and reference): nothing counted again',
  })
  async recordSurvey(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(recordSurveyRequest) body: RecordSurveyRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof surveyRecorded>> {
    const result = await this.surveys.record(id, body, context);
    // 201 for a new survey; 200 for one already recorded (D6 counts it once).
    response.status(result.recorded ? 201 : 200);
    return withEtag(response, result);
  }

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
