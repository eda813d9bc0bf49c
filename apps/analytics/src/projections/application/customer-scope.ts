import { Injectable } from '@nestjs/common';
import {
  coversAll,
  documentsById,
  mayRead,
  sliceFilter,
  type AccessScope,
  type CustomerRef,
} from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';

type Purpose = 'clear' | 'acts' | 'history';

/** The customers of a report's rows the caller may see, with the owner and region analytics knows. */
export interface VisibleCustomers {
  includes(customerId: string | undefined): boolean;
  refOf(customerId: string): CustomerRef | undefined;
}

/**
 * The access scope (libs/platform) over analytics' read models. Only customer facts know a
 * customer's owner and region (every other read model is written from another topic, and ADR 40
 * gives each document one writer), so:
 * - a report (an aggregate over a bounded read) joins the customers of its rows with their facts and
 *   keeps those the scope covers (`narrow`): counted over the caller's customers only;
 * - a paged list over another read model is narrowed by the ids of the customers in scope (`filter`);
 * - a single resource checks its customer (`refOf` and `mayRead`/`mayAct`).
 */
@Injectable()
export class CustomerScope {
  constructor(private readonly slots: ProjectionSlots) {}

  /** The customer's owner and region as analytics knows them (undefined before its registration). */
  async refOf(customerId: string): Promise<CustomerRef | undefined> {
    const facts = await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS);
    const document = await facts.findOne({ _id: customerId }, { projection: { profile: 1 } });
    return document?.profile;
  }

  /**
   * Of the customers a report read, those the caller may see. One read of their facts by id (a
   * page's customers one by one, a report's many in one pass: `documentsById`); the rule is the
   * scope's own (`mayRead`): a customer whose registration analytics has not seen yet is visible
   * only to a scope that covers every customer.
   */
  async narrow(
    scope: AccessScope,
    customerIds: Iterable<string | undefined>,
  ): Promise<VisibleCustomers> {
    const ids = [...new Set([...customerIds].filter((id): id is string => id !== undefined))];
    const facts = await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS);
    const refs = new Map<string, CustomerRef>();
    if (ids.length > 0 && scope.grants.length > 0) {
      for (const document of (
        await documentsById(facts, ids, { projection: { profile: 1 } })
      ).values()) {
        if (document.profile) refs.set(document._id, document.profile);
      }
    }
    return {
      includes: (customerId) => customerId !== undefined && mayRead(scope, refs.get(customerId)),
      refOf: (customerId) => refs.get(customerId),
    };
  }

  /**
   * A filter on `idField` (the customer id) for what the caller may see (or act on, `purpose`):
   * `{}` for every customer, `null` for none (answer empty without a query).
   */
  async filter(
    scope: AccessScope,
    idField = 'customerId',
    purpose?: Purpose,
  ): Promise<Record<string, unknown> | null> {
    if (coversAll(scope, purpose)) return {};
    const access = sliceFilter(
      scope,
      { ownerId: 'profile.ownerId', region: 'profile.region' },
      purpose,
    );
    if (access === null) return null;
    const facts = await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS);
    const ids = await facts
      .find(access, { projection: { _id: 1 } })
      .map((document) => document._id)
      .toArray();
    return { [idField]: { $in: ids } };
  }
}
