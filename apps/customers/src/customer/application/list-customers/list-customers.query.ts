import { Injectable } from '@nestjs/common';
import { decodeCursor, hasRole, toPage, type Page, type Principal } from '@crm/platform';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';

export interface ListCustomersInput {
  readonly owner?: string | undefined;
  readonly region?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface CustomerListItem {
  readonly customerId: string;
  readonly name: string;
  readonly nature: string;
  readonly region: string;
  readonly ownerId: string;
}

/** Narrows a list to what the caller may see: a rep their own customers, a manager their region. */
function scopeFor(principal: Principal, input: ListCustomersInput): { ownerId?: string; region?: string } | null {
  const requested = {
    ...(input.owner ? { ownerId: input.owner } : {}),
    ...(input.region ? { region: input.region } : {}),
  };
  if (hasRole(principal, 'admin', 'analyst', 'service_agent', 'supervisor')) return requested;
  if (hasRole(principal, 'sales_manager') && principal.region) {
    return input.region && input.region !== principal.region ? null : { ...requested, region: principal.region };
  }
  if (hasRole(principal, 'sales_rep')) {
    return input.owner && input.owner !== principal.userId ? null : { ...requested, ownerId: principal.userId };
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
    return toPage(rows, input.limit, (row) => row._id, (row) => ({
      customerId: row._id,
      name: row.name,
      nature: row.nature,
      region: row.region,
      ownerId: row.ownerId,
    }));
  }
}
