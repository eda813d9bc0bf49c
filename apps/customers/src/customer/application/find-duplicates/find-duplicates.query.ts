import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Clock,
  mayRead,
  readsMasked,
  type AccessScope,
  type RequestContext,
} from '@crm/platform';
import {
  duplicateKeysOf,
  type IdentifyingFields,
} from '@apps/customers/src/customer/domain/duplicate-keys';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';
import { CustomerRepository } from '../customer.repository';

export interface PossibleDuplicate {
  readonly customerId: string;
  readonly name: string;
  readonly ownerId: string;
  readonly region: string;
  /** Which normalised values match: name, phone, email, taxNumber. */
  readonly matchedOn: readonly string[];
}

/** Likely duplicates (same normalised name, phone, e-mail or tax number), among what the caller may see. */
@Injectable()
export class FindDuplicatesQuery {
  constructor(
    private readonly cards: CustomerCardProjection,
    private readonly customers: CustomerRepository,
    private readonly commands: CustomerCommands,
    private readonly audit: AuditLogStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async of(
    fields: IdentifyingFields,
    exceptId: string,
    scope: AccessScope,
    dismissed: readonly string[] = [],
  ): Promise<PossibleDuplicate[]> {
    const keys = Object.values(duplicateKeysOf(fields));
    const matches = await this.cards.findByDuplicateKeys(keys, exceptId);
    return matches
      .filter(
        (card) =>
          mayRead(scope, card) &&
          !dismissed.includes(card._id) &&
          !(card.dismissedDuplicates ?? []).includes(exceptId),
      )
      .map((card) => ({
        customerId: card._id,
        name: card.name,
        ownerId: card.ownerId,
        region: card.region,
        matchedOn: (card.dupKeys ?? [])
          .filter((key) => keys.includes(key))
          .map((key) => key.split(':')[0]!),
      }));
  }

  /** On demand, for one customer (its current card, from the stream); audited for a masked reader. */
  async forCustomer(customerId: string, context: RequestContext): Promise<PossibleDuplicate[]> {
    const { state } = await this.customers.load(customerId);
    if (!state.registered || !mayRead(context.scope, state)) {
      throw new CustomerError(CustomerErrorCode.NotFound, `customer ${customerId} not found`, {
        customerId,
      });
    }
    // A merged or erased customer is no longer reviewed for duplicates.
    const found =
      state.mergedInto !== null || state.erasedAt !== null
        ? []
        : await this.of(state, customerId, context.scope, state.notDuplicates);
    if (readsMasked(context.scope)) {
      const what = ['list:duplicates-of', `results=${found.length}`];
      await this.audit.recordFor(context, 'customer.list.read', what, customerId);
    }
    return found;
  }

  /** Records that `otherId` is not a duplicate of `customerId` (both must be visible). */
  async dismiss(
    customerId: string,
    otherId: string,
    context: RequestContext,
  ): Promise<CommandOutcome> {
    const other = await this.customers.load(otherId);
    if (!other.state.registered || !mayRead(context.scope, other.state)) {
      throw new CustomerError(CustomerErrorCode.NotFound, `customer ${otherId} not found`, {
        customerId: otherId,
      });
    }
    return this.commands.run(customerId, context, () => ({
      type: 'DismissDuplicate',
      data: { otherCustomerId: otherId },
      now: this.clock.now(),
    }));
  }
}
