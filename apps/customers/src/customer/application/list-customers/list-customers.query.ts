import { Injectable } from '@nestjs/common';
import { decodeCursor, hasRole, toPage, type Page, type Principal } from '@crm/platform';
import { mayAccessCustomer } from '../customer-access.policy';
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
 * Narrows a list to what the caller may see: a rep their own customers, a manager their region.
 * A filter outside the caller's scope gives an empty page, not an error: nothing leaks.
 */
function scopeFor(principal: Principal, input: ListCustomersInput): CardFilter | null {
  const requested: Mutable<CardFilter> = {};
  if (input.owner) requested.ownerId = input.owner;
  if (input.region) requested.region = input.region;
  if (input.tier) requested.tier = input.tier;
  if (input.lifecycle) requested.lifecycle = input.lifecycle;
  if (input.q) requested.prefix = input.q.toLowerCase();
  if (input.flaggedDuplicates) requested.flaggedDuplicates = true;
  if (hasRole(principal, 'admin', 'analyst', 'service_agent', 'supervisor')) return requested;
  if (hasRole(principal, 'sales_manager') && principal.region) {
    return input.region && input.region !== principal.region
      ? null
      : { ...requested, region: principal.region };
  }
  if (hasRole(principal, 'sales_rep')) {
    return input.owner && input.owner !== principal.userId
      ? null
      : { ...requested, ownerId: principal.userId };
  }
  return null;
}

@Injectable()
export class ListCustomersQuery {
  constructor(private readonly cards: CustomerCardProjection) {}

  async execute(input: ListCustomersInput, principal: Principal): Promise<Page<CustomerListItem>> {
    const scope = scopeFor(principal, input);
    if (scope === null) return { items: [], nextCursor: null };
    const rows = await this.cards.page(scope, decodeCursor(input.cursor), input.limit + 1);
    // A duplicate the caller may not see is not named: nothing leaks through the review list.
    // One already merged away or erased needs no more review.
    const referenced = input.flaggedDuplicates
      ? await this.cards.byIds(rows.flatMap((row) => row.possibleDuplicateOf ?? []))
      : [];
    const visible = new Set(
      referenced
        .filter((card) => !card.mergedInto && !card.erasedAt && mayAccessCustomer(principal, card))
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
