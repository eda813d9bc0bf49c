import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Clock,
  OrganizationDirectory,
  sliceFilter,
  type RequestContext,
} from '@crm/platform';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { assertMayHandOver } from '../customer-access.policy';
import { CustomerCommands } from '../customer-commands';

export interface HandOverInput {
  readonly fromRepId: string;
  readonly toRepId: string;
}

export interface HandOverResult extends HandOverInput {
  /** Customers whose owner this request changed (a replayed response repeats the first count). */
  readonly handedOver: number;
}

const PAGE = 200;

/**
 * A rep leaves: every customer they own within the caller's reach goes to their successor, one
 * owner change (CustomerOwnerAssigned) per customer on its own stream, so visits, analytics and
 * engagement follow it as they follow any reassignment. Which customers: those the card read model
 * lists for the leaving rep; each one's stream decides again (a customer reassigned meanwhile is
 * left alone), so a retry hands over only what is left. Each customer's append carries its own key
 * derived from the request's Idempotency-Key (the store's keys are unique across streams).
 */
@Injectable()
export class HandOverHandler {
  constructor(
    private readonly commands: CustomerCommands,
    private readonly cards: CustomerCardProjection,
    private readonly directory: OrganizationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(input: HandOverInput, context: RequestContext): Promise<HandOverResult> {
    assertMayHandOver(context.scope, input, this.directory);
    const access = sliceFilter(context.scope, undefined, 'acts');
    let handedOver = 0;
    if (access === null) return { ...input, handedOver };
    const now = this.clock.now();
    const seen = new Set<string>();
    for (let cursor: string | undefined; ;) {
      const cards = await this.cards.page({ access, ownerId: input.fromRepId }, cursor, PAGE);
      for (const card of cards) {
        // A page read after some owners changed may list a card again: hand it over once.
        if (seen.has(card._id)) continue;
        seen.add(card._id);
        if (await this.handOver(card._id, input, now, context)) handedOver += 1;
      }
      if (cards.length < PAGE) break;
      cursor = cards.at(-1)?._id;
    }
    return { ...input, handedOver };
  }

  /** Whether this customer's owner changed; one moved out of the caller's reach meanwhile is skipped. */
  private async handOver(
    customerId: string,
    input: HandOverInput,
    now: Date,
    context: RequestContext,
  ): Promise<boolean> {
    try {
      const outcome = await this.commands.run(
        customerId,
        context,
        () => ({ type: 'HandOver', data: input, now }),
        {
          retries: 3,
          ...(context.idempotencyKey
            ? { idempotencyKey: `${context.idempotencyKey}:${customerId}` }
            : {}),
        },
      );
      return outcome.eventTypes.includes('CustomerOwnerAssigned');
    } catch (error) {
      if (error instanceof CustomerError && error.code === CustomerErrorCode.NotFound) return false;
      throw error;
    }
  }
}
