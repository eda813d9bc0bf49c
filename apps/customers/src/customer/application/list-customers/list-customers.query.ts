import { Injectable } from '@nestjs/common';
import {
  decodeCursor,
  mayRead,
  readsMasked,
  sliceFilter,
  toPage,
  type AccessScope,
  type Page,
  type RequestContext,
} from '@crm/platform';
import type { PageRequest } from '@crm/projections';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import type { CardFilter } from '@apps/customers/src/customer/infrastructure/customer-card.filters';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';

export interface ListCustomersInput extends PageRequest {
  readonly owner?: string | undefined;
  readonly region?: string | undefined;
  readonly tier?: string | undefined;
  readonly lifecycle?: string | undefined;
  readonly q?: string | undefined;
  /** The review list of likely duplicates. */
  readonly flaggedDuplicates?: boolean;
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

/**
 * The query of a list read as the audit keeps it: which list, the filters that are no personal data
 * with their values, and only *that* a name was searched (the term is personal data).
 */
export function auditedQuery(input: ListCustomersInput, results: number): string[] {
  const filters = (['owner', 'region', 'tier', 'lifecycle'] as const).flatMap((name) =>
    input[name] ? [`${name}=${input[name]}`] : [],
  );
  return [
    input.flaggedDuplicates ? 'list:duplicates' : 'list:customers',
    ...(input.q ? ['q'] : []),
    ...filters,
    ...(input.cursor ? ['cursor'] : []),
    `limit=${input.limit}`,
    `results=${results}`,
  ];
}

@Injectable()
export class ListCustomersQuery {
  constructor(
    private readonly cards: CustomerCardProjection,
    private readonly audit: AuditLogStore,
  ) {}

  /**
   * A page within the caller's scope. A caller who reads some customers masked (an analyst) has
   * every list read audited: who, when and the query (never a searched value), so repeated
   * searches for a person stay accountable (D1).
   */
  async execute(
    input: ListCustomersInput,
    context: RequestContext,
  ): Promise<Page<CustomerListItem>> {
    const page = await this.page(input, context.scope);
    if (readsMasked(context.scope)) {
      await this.audit.recordFor(
        context,
        'customer.list.read',
        auditedQuery(input, page.items.length),
      );
    }
    return page;
  }

  private async page(
    input: ListCustomersInput,
    scope: AccessScope,
  ): Promise<Page<CustomerListItem>> {
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
