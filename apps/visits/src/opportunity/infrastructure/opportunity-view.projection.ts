import { Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  ERASED_TEXT,
  formatMajor,
  moneyFromData,
  opportunityLost,
  opportunityOpened,
  opportunityStageChanged,
  opportunityWon,
  parseEventType,
  parseMajorAmount,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import {
  createSchemaIndexes,
  findPage,
  ProjectionSlots,
  type Projection,
  type ReadModelPage,
} from '@crm/projections';
import { VisitDataCodec } from '@apps/visits/src/visit/infrastructure/visit-data.codec';
import {
  OPPORTUNITY_VIEWS,
  opportunityViewSchema,
  type OpportunityViewDocument,
} from './opportunity-view.schema';

/** What the opportunity list filters on: exact values of these fields. */
export type OpportunityFilter = Partial<
  Pick<OpportunityViewDocument, 'customerId' | 'ownerId' | 'region' | 'status' | 'stage'>
>;

/** The amount of a view in major units, an exact decimal string ("12800.50"). */
export function viewAmount(view: OpportunityViewDocument): string {
  if (view.amountMinor !== undefined) {
    return formatMajor({ minor: view.amountMinor, currency: view.currency });
  }
  // A document written before ADR 133 holds the number the request carried.
  const parsed = parseMajorAmount(view.amount ?? 0, view.currency);
  return parsed.ok ? formatMajor(parsed.money) : String(view.amount ?? 0);
}

/**
 * The opportunity list, from crm.visits.events.v1 (one writer: the projection runner's consumer);
 * no side effects, so live and rebuilt alike (ADR 143). Queries read the live slot.
 */
@Injectable()
export class OpportunityViewProjection implements Projection<OpportunityViewDocument> {
  readonly name = 'opportunity-views';
  readonly collection = OPPORTUNITY_VIEWS;
  readonly topics = [Topics.visits];

  constructor(
    private readonly slots: ProjectionSlots,
    private readonly codec: VisitDataCodec,
  ) {}

  ensureIndexes(target: Collection<OpportunityViewDocument>): Promise<void> {
    return createSchemaIndexes(target, opportunityViewSchema);
  }

  async apply(event: CloudEvent, views: Collection<OpportunityViewDocument>): Promise<boolean> {
    const position = { stream: event.subject, sequence: event.sequence };
    const updatedAt = new Date(event.time);
    switch (parseEventType(event.type)?.name) {
      case opportunityOpened.name: {
        const {
          opportunityId: _,
          openedAt: __,
          amount,
          ...data
        } = opportunityOpened.schema.parse(event.data);
        const money = moneyFromData(amount);
        await applyOnce(views, event.subject, position, {
          $set: {
            ...data,
            amountMinor: money.minor,
            currency: money.currency,
            status: 'open',
            updatedAt,
          },
        });
        // Written first, checked second: either this sees the shred or forgetCustomer runs after.
        if (await this.codec.isShredded(data.customerId))
          await views.updateOne({ _id: event.subject }, { $set: { title: ERASED_TEXT } });
        return true;
      }
      case opportunityStageChanged.name: {
        const data = opportunityStageChanged.schema.parse(event.data);
        await applyOnce(views, event.subject, position, {
          $set: { stage: data.toStage, winRate: data.winRate, updatedAt },
        });
        return true;
      }
      case opportunityWon.name:
        await applyOnce(views, event.subject, position, {
          $set: { status: 'won', winRate: 100, updatedAt },
        });
        return true;
      case opportunityLost.name:
        await applyOnce(views, event.subject, position, {
          $set: { status: 'lost', winRate: 0, updatedAt },
        });
        return true;
      default:
        return false;
    }
  }

  /** Drops the titles of an erased customer's opportunities (ADR 110), after its key is shredded. */
  async forgetCustomer(customerId: string): Promise<void> {
    await (await this.views()).updateMany({ customerId }, { $set: { title: ERASED_TEXT } });
  }

  async page(filter: OpportunityFilter, page: ReadModelPage): Promise<OpportunityViewDocument[]> {
    return findPage(
      await this.views(),
      filter,
      page,
      // The amount is an int64 beyond 2^53: read as a bigint, never rounded to a number.
      { useBigInt64: true },
    );
  }

  /** The live collection (its slot): a rebuild swaps it without the readers noticing. */
  private views(): Promise<Collection<OpportunityViewDocument>> {
    return this.slots.collection<OpportunityViewDocument>(this.name);
  }
}
