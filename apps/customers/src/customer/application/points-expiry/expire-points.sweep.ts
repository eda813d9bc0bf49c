import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, systemContext, type RequestContext } from '@crm/platform';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';
import { RedeemPointsHandler } from '../redeem-points/redeem-points.handler';

const PAGE_SIZE = 200;

/** Who expires points on schedule: a system actor, audited like any command. */
const EXPIRY_ACTOR: RequestContext = systemContext('system:points-expiry', 'points-expiry');

/**
 * D11: points expire on their own. Every customer that keeps its own ledger is asked to expire
 * what was earned more than POINTS_EXPIRY_DAYS ago and not used; its decider expires exactly
 * that, or nothing (no event). Convergent: a second run the same day expires nothing more.
 */
@Injectable()
export class ExpirePointsSweep {
  constructor(
    private readonly cards: CustomerCardProjection,
    private readonly points: RedeemPointsHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns how many customers had points expire. */
  async execute(now = this.clock.now()): Promise<number> {
    let expired = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await this.cards.ledgersAfter(cursor, PAGE_SIZE);
      for (const card of page) {
        try {
          const outcome = await this.points.expire(card._id, EXPIRY_ACTOR, now);
          if (outcome.eventTypes.length > 0) expired += 1;
        } catch (error) {
          // Merged away since the card was read: its points live on in the survivor.
          if (!(error instanceof CustomerError) || error.code !== CustomerErrorCode.Merged)
            throw error;
        }
      }
      if (page.length < PAGE_SIZE) return expired;
      cursor = page.at(-1)!._id;
    }
  }
}
