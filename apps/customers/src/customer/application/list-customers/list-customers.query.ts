import { Injectable } from '@nestjs/common';
import {
  decodeCursor,
  mayRead,
  sliceFilter,
  toPage,
  type AccessScope,
  type Page,
} from '@crm/platform';
import {
  CustomerCardProjection,
  type CardFilter,
} from '@apps/customers/src/customer/infrastructure/customer-card.projection';

export interface ListCustomersInput {
  readonly owner?: string | undefined;
  readonly region?: string | undefined;
  readonly tier?: string | undefined;
  readonly lifecycle?: string | undefined;
  readonly q?: string | undefined;
  /** The review list of likely duplicates. */
  readonly flaggedDuplicates?: boolean;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface CustomerListItem {
  readonly customerId: string;
  readonly name: string;
  readonly code: string | null;
  readonly nature: string;
  readonly region: string;
  readonly city: string | null;
  readonly ownerId: string;
  readonly fundBand: string | null;
  readonly isKeyAccount: boolean;
  readonly tier: string | null;
  readonly lifecycle: string | null;
  /** Visible cards this one is a likely duplicate of (review list only). */
  readonly possibleDuplicateOf?: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The requested filter within the caller's scope: a filter outside it gives an empty page, not an
 * error, so nothing leaks. A name search reaches only the customers the caller sees in clear: on
 * masked cards it would be an oracle on the hidden names.
 */
function filterFor(scope: AccessScope, input: ListCustomersInput): CardFilter | null {
  const access = sliceFilter(scope, undefined, input.q ? 'clear' : undefined);
  if (access === null) return null;
  const requested: Mutable<CardFilter> = { access };
  if (input.owner) requested.ownerId = input.owner;
  if (input.region) requested.region = input.region;
  if (input.tier) requested.tier = input.tier;
  if (input.lifecycle) requested.lifecycle = input.lifecycle;
  if (input.q) requested.prefix = input.q.toLowerCase();
  if (input.flaggedDuplicates) requested.flaggedDuplicates = true;
  return requested;
}

@Injectable()
export class ListCustomersQuery {
  constructor(private readonly cards: CustomerCardProjection) {}

  async execute(input: ListCustomersInput, scope: AccessScope): Promise<Page<CustomerListItem>> {
    const filter = filterFor(scope, input);
    if (filter === null) return { items: [], nextCursor: null };
    const rows = await this.cards.page(filter, decodeCursor(input.cursor), input.limit + 1);
    // A duplicate the caller may not see is not named: nothing leaks through the review list.
    // One already merged away or erased needs no more review.
    const referenced = input.flaggedDuplicates
      ? await this.cards.byIds(rows.flatMap((row) => row.possibleDuplicateOf ?? []))
      : [];
    const visible = new Set(
      referenced
        .filter((card) => !card.mergedInto && !card.erasedAt && mayRead(scope, card))
        .map((card) => card._id),
    );
    const page = toPage(
      rows,
      input.limit,
      (row) => row._id,
      (row) => ({
        customerId: row._id,
        name: row.name,
        code: row.code ?? null,
        nature: row.nature,
        region: row.region,
        city: row.city ?? null,
        ownerId: row.ownerId,
        fundBand: row.fundBand ?? null,
        isKeyAccount: row.isKeyAccount ?? false,
        tier: row.tier ?? null,
        lifecycle: row.lifecycle ?? null,
        ...(input.flaggedDuplicates
          ? { possibleDuplicateOf: (row.possibleDuplicateOf ?? []).filter((id) => visible.has(id)) }
          : {}),
      }),
    );
    if (!input.flaggedDuplicates) return page;
    // Listed only for a duplicate the caller may see: a flag raised by an invisible customer
    // would tell that such a customer exists. The cursor still follows the unfiltered rows.
    return {
      ...page,
      items: page.items.filter((item) => (item.possibleDuplicateOf ?? []).length > 0),
    };
  }
}
