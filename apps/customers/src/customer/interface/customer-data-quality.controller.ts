import { Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import {
  ChangeRoute,
  Ctx,
  ListRoute,
  type Page,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ZodParam,
  ApiAnswerOf,
  ApiBodyOf,
} from '@crm/platform';
import {
  CardCompletenessQuery,
  type CompletenessPage,
  type IncompleteCard,
} from '../application/card-completeness/card-completeness.query';
import { FindDuplicatesQuery } from '../application/find-duplicates/find-duplicates.query';
import { ListCustomersQuery } from '../application/list-customers/list-customers.query';
import {
  completenessRequest,
  customerIdParam,
  dismissDuplicateRequest,
  duplicateCheckRequest,
  duplicateReviewRequest,
  incompleteCardsRequest,
} from './customers.requests';
import { completenessResponse, incompleteCardsResponse } from './card-completeness.responses';
import { commandOutcome, customerPage, possibleDuplicates } from './customers.responses';
import { CustomersRoutes, EVERY_READER, SALES, COMPLETENESS_READERS } from './customer-routes';

/**
 * The quality of the cards: possible duplicates (review, check before saving, dismiss) and D1
 * completeness by rep.
 */
@CustomersRoutes()
export class CustomerDataQualityController {
  constructor(
    private readonly listCustomers: ListCustomersQuery,
    private readonly duplicates: FindDuplicatesQuery,
    private readonly completeness: CardCompletenessQuery,
  ) {}

  @ListRoute({ path: 'duplicates', roles: EVERY_READER, answer: customerPage })
  duplicateReview(
    @ZodQuery(duplicateReviewRequest)
    query: z.infer<typeof duplicateReviewRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof customerPage>> {
    return this.listCustomers.execute({ ...query, flaggedDuplicates: true }, context);
  }

  /** D1: how complete each rep's cards are, within the caller's scope. */
  @ListRoute({ path: 'completeness', roles: COMPLETENESS_READERS, answer: completenessResponse })
  completenessByRep(
    @ZodQuery(completenessRequest) query: z.infer<typeof completenessRequest>,
    @Ctx() context: RequestContext,
  ): Promise<CompletenessPage & z.infer<typeof completenessResponse>> {
    return this.completeness.byRep(query, context);
  }

  /** One rep's cards that fail a D1 check, with what each lacks. */
  @ListRoute({
    path: 'completeness/cards',
    roles: COMPLETENESS_READERS,
    filters: [
      { name: 'ownerId', required: true, type: String, description: 'the rep whose cards to list' },
    ],
    answer: incompleteCardsResponse,
  })
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
  @ChangeRoute(':id/duplicates/dismiss', {
    roles: SALES,
    body: dismissDuplicateRequest,
    answer: commandOutcome,
  })
  dismissDuplicate(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(dismissDuplicateRequest) body: z.infer<typeof dismissDuplicateRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof commandOutcome>> {
    return this.duplicates.dismiss(id, body.otherCustomerId, context);
  }
}
