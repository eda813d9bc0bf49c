import { Injectable } from '@nestjs/common';
import {
  decodeCursor,
  OrganizationDirectory,
  readsMasked,
  sliceFilter,
  toPage,
  type Page,
  type RequestContext,
} from '@crm/platform';
import { listPage, type PageRequest } from '@crm/projections';
import {
  CARD_CHECKS,
  repCompleteness,
  type CardCheck,
  type RepCompleteness,
} from '@apps/customers/src/customer/domain/card-completeness';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';
import type { CustomerCardDocument } from '@apps/customers/src/customer/infrastructure/customer-card.schema';

export interface RepCompletenessItem extends RepCompleteness {
  readonly repId: string;
  /** From the organization directory; null for someone it does not list. */
  readonly repName: string | null;
  readonly region: string | null;
}

export interface CompletenessPage extends Page<RepCompletenessItem> {
  /** The checks, in the order the figures and each card's `missing` use. */
  readonly checks: readonly CardCheck[];
}

export interface IncompleteCard {
  readonly customerId: string;
  readonly name: string;
  readonly region: string;
  readonly ownerId: string;
  readonly score: number;
  readonly missing: readonly CardCheck[];
}

const incompleteCard = (card: CustomerCardDocument): IncompleteCard => ({
  customerId: card._id,
  name: card.name,
  region: card.region,
  ownerId: card.ownerId,
  score: card.completeness?.score ?? 0,
  missing: card.completeness?.missing ?? [],
});

/**
 * D1 completeness of the cards each rep owns, over the customers the caller may see: a rep their
 * own, a manager their region's, an analyst every rep's (counts and check names only, nothing
 * personal). A rep outside the caller's scope is simply not listed.
 */
@Injectable()
export class CardCompletenessQuery {
  constructor(
    private readonly cards: CustomerCardProjection,
    private readonly directory: OrganizationDirectory,
    private readonly audit: AuditLogStore,
  ) {}

  async byRep(input: PageRequest, context: RequestContext): Promise<CompletenessPage> {
    const access = sliceFilter(context.scope);
    if (access === null) return { checks: CARD_CHECKS, items: [], nextCursor: null };
    const rows = await this.cards.completenessByOwner(
      access,
      decodeCursor(input.cursor),
      input.limit + 1,
    );
    const page = toPage(
      rows,
      input.limit,
      (row) => row.ownerId,
      (row): RepCompletenessItem => {
        const person = this.directory.person(row.ownerId);
        return {
          repId: row.ownerId,
          repName: person?.name ?? null,
          region: person?.region ?? null,
          ...repCompleteness(row),
        };
      },
    );
    return { checks: CARD_CHECKS, ...page };
  }

  /**
   * One rep's cards that fail a check, with what each lacks, so their manager can act. Names are
   * shown as the customer list shows them; a caller reading masked has the read audited.
   */
  async incompleteCards(
    input: PageRequest & { readonly ownerId: string },
    context: RequestContext,
  ): Promise<Page<IncompleteCard>> {
    const access = sliceFilter(context.scope);
    const page: Page<IncompleteCard> =
      access === null
        ? { items: [], nextCursor: null }
        : await listPage(
            input,
            (cards) => this.cards.incompleteCards(access, input.ownerId, cards.after, cards.limit),
            incompleteCard,
          );
    if (readsMasked(context.scope)) {
      await this.audit.recordFor(context, 'customer.list.read', [
        'list:incomplete-cards',
        `owner=${input.ownerId}`,
        ...(input.cursor ? ['cursor'] : []),
        `limit=${input.limit}`,
        `results=${page.items.length}`,
      ]);
    }
    return page;
  }
}
