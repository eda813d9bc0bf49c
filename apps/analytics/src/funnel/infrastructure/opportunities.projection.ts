import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  currencyDigits,
  moneyFromData,
  opportunityLost,
  opportunityOpened,
  opportunityStageChanged,
  opportunityWon,
  parseEventType,
  parseMajorAmount,
  Topics,
  type CloudEvent,
  type Money,
  type OpportunityStage,
} from '@crm/contracts';
import { applyTo, type Projection } from '@crm/projections';

export const OPPORTUNITIES = 'opportunities';

/** One opportunity of the funnel (D10): its stage while open, its amount, when it closed. */
export interface OpportunityDocument {
  _id: string;
  customerId?: string;
  ownerId?: string;
  region?: string;
  /** Minor units of `currency`, BSON int64 (ADR 133): read with `useBigInt64`, never as a number. */
  amountMinor?: bigint;
  /** Documents projected before ADR 133: major units as a number. */
  amount?: number;
  /** ISO 4217; absent on documents projected before it was kept (the company currency then). */
  currency?: string;
  stage?: OpportunityStage;
  status?: 'open' | 'won' | 'lost';
  /** YYYY-MM: the period an open opportunity is expected to close in. */
  expectedCloseMonth?: string;
  /** YYYY-MM-DD: past it, an open opportunity is overdue (it stays in the forecast, flagged). */
  expectedCloseDate?: string;
  /** YYYY-MM of the win: the period whose closed revenue it is. */
  closedMonth?: string;
  applied?: Record<string, number>;
}

/**
 * An opportunity's amount as money, exact from the int64 minor units (a document read with
 * `useBigInt64`). Documents projected before ADR 133 hold major units as a number (and, from
 * before currencies were kept, no currency: `companyCurrency`).
 */
export function opportunityMoney(opportunity: OpportunityDocument, companyCurrency: string): Money {
  const currency = opportunity.currency ?? companyCurrency;
  if (typeof opportunity.amountMinor === 'bigint')
    return { minor: opportunity.amountMinor, currency };
  const amount = opportunity.amount ?? 0;
  const parsed = parseMajorAmount(amount, currency);
  if (parsed.ok) return parsed.money;
  const digits = currencyDigits(currency) ?? 2;
  return { minor: BigInt(Math.round(amount * 10 ** digits)), currency };
}

@Injectable()
export class OpportunitiesProjection implements Projection<OpportunityDocument> {
  readonly name = OPPORTUNITIES;
  readonly topics = [Topics.visits];

  async apply(event: CloudEvent, target: Collection<OpportunityDocument>): Promise<boolean> {
    const name = parseEventType(event.type)?.name ?? '';
    if (!name.startsWith('Opportunity')) return false;
    switch (name) {
      case opportunityOpened.name: {
        const data = opportunityOpened.schema.parse(event.data);
        const amount = moneyFromData(data.amount);
        return applyTo(target, data.opportunityId, event, {
          $set: {
            customerId: data.customerId,
            ownerId: data.ownerId,
            region: data.region,
            amountMinor: amount.minor,
            currency: amount.currency,
            stage: data.stage,
            status: 'open',
            expectedCloseMonth: data.expectedCloseDate.slice(0, 7),
            expectedCloseDate: data.expectedCloseDate,
          },
        });
      }
      // The amount is the opening's (ADR 133): moves and closes leave it as it is.
      case opportunityStageChanged.name: {
        const data = opportunityStageChanged.schema.parse(event.data);
        return applyTo(target, data.opportunityId, event, { $set: { stage: data.toStage } });
      }
      case opportunityWon.name: {
        const data = opportunityWon.schema.parse(event.data);
        return applyTo(target, data.opportunityId, event, {
          $set: { status: 'won', closedMonth: data.wonAt.slice(0, 7) },
        });
      }
      case opportunityLost.name: {
        const data = opportunityLost.schema.parse(event.data);
        return applyTo(target, data.opportunityId, event, {
          $set: { status: 'lost', closedMonth: data.lostAt.slice(0, 7) },
        });
      }
      default:
        return applyTo(target, event.subject, event);
    }
  }

  async ensureIndexes(target: Collection<OpportunityDocument>): Promise<void> {
    // Serve GET /analytics/funnel?period: open ones expected to close in it, won ones closed in it.
    await target.createIndex({ expectedCloseMonth: 1, status: 1 });
    await target.createIndex({ closedMonth: 1, status: 1 });
    // Serves the open pipeline of one customer in the 360 view.
    await target.createIndex({ customerId: 1, status: 1 });
  }
}
