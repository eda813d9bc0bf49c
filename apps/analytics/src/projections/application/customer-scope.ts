import { Injectable } from '@nestjs/common';
import {
  coversAll,
  sliceFilter,
  type AccessScope,
  type CustomerRef,
} from '@crm/platform';
import {
  CUSTOMER_FACTS,
  type CustomerFactsDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import { ProjectionSlots } from '../infrastructure/projection-slots';

type Purpose = 'clear' | 'acts' | 'history';

/**
 * The access scope (libs/platform) over analytics' read models. Only customer facts know a
 * customer's owner and region; every other read model is narrowed by the ids of the customers the
 * caller may see, so a list, an aggregate or a single resource never reaches outside the scope.
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
   * A filter on `idField` (the customer id) for what the caller may see (or act on, `purpose`):
   * `{}` for every customer, `null` for none (answer empty without a query).
   */
  async filter(
    scope: AccessScope,
    idField = 'customerId',
    purpose?: Purpose,
  ): Promise<Record<string, unknown> | null> {
    if (coversAll(scope, purpose)) return {};
    const access = sliceFilter(scope, { ownerId: 'profile.ownerId', region: 'profile.region' }, purpose);
    if (access === null) return null;
    const facts = await this.slots.collection<CustomerFactsDocument>(CUSTOMER_FACTS);
    const ids = await facts
      .find(access, { projection: { _id: 1 } })
      .map((document) => document._id)
      .toArray();
    return { [idField]: { $in: ids } };
  }
}
