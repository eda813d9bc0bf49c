import { Inject, Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  eventRegistry,
  parseEventType,
  Topics,
  type CloudEvent,
  type CustomerEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { APP_CONFIG, documentsById } from '@crm/platform';
import { createSchemaIndexes, ProjectionSlots, type Projection } from '@crm/projections';
import { fundBandOf } from '@apps/customers/src/customer/domain/fund-band';
import {
  addCards,
  cardWithMissing,
  noTotals,
  type CardCheck,
  type CompletenessTotals,
} from '@apps/customers/src/customer/domain/card-completeness';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { changesFor, type FundBandOf } from './customer-card.changes';
import { completenessChanges } from './customer-card.completeness';
import {
  duplicatesIn,
  keysOf,
  laterHolders,
  refreshFlags,
  touchesFlags,
} from './customer-card.duplicates';
import { applyFigure, type CardFigures } from './customer-card.figures';
import { countedCards, listedCards, type CardFilter } from './customer-card.filters';
import {
  CUSTOMER_CARDS,
  customerCardSchema,
  type CustomerCardDocument,
} from './customer-card.schema';

/** The sums of one rep's cards (see `CompletenessTotals`). */
export interface OwnerCompletenessTotals extends CompletenessTotals {
  readonly ownerId: string;
}

/**
 * The searchable copy of every card, for lists (GET /customers). Written only by the projection
 * runner: one writer per customer (its partition), which applyOnce needs on FerretDB (ADR 4).
 * So a read-modify-write of one card here is safe: nothing else writes it. Rebuilt from the
 * topics by the runner (ADR 143); queries read the live slot.
 */
@Injectable()
export class CustomerCardProjection implements Projection<CustomerCardDocument> {
  readonly name = 'customer-card';
  readonly collection = CUSTOMER_CARDS;
  // Analytics' figures (tier, lifecycle stage, CSI) reach the card through the same projection.
  readonly topics = [Topics.customers, Topics.analytics];

  constructor(
    private readonly slots: ProjectionSlots,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {}

  /** The indexes of the card schema, on the live collection and on a rebuilt one. */
  ensureIndexes(target: Collection<CustomerCardDocument>): Promise<void> {
    return createSchemaIndexes(target, customerCardSchema);
  }

  /** No side effects: applied live and while rebuilding alike. */
  async apply(event: CloudEvent, cards: Collection<CustomerCardDocument>): Promise<void> {
    const name = parseEventType(event.type)?.name;
    if (name === undefined) return;
    if (event.source === 'crm/analytics') return applyFigure(cards, event, name);
    if (event.source !== 'crm/customers') return;
    const data = eventRegistry.validateData(event.type, event.data);
    const customerEvent = { type: name, data } as CustomerEvent;
    // The flags depend on other cards: whose keys this event may add or take away, read first.
    const flagsChange = touchesFlags(customerEvent);
    const keysBefore = flagsChange ? await keysOf(cards, event.subject) : [];
    const changes = await changesFor(cards, customerEvent, event.subject, this.fundBand);
    if (changes === undefined) return;
    const set = {
      ...changes,
      ...(await completenessChanges(cards, customerEvent, event.subject)),
    };
    await applyOnce(
      cards,
      event.subject,
      { stream: event.subject, sequence: event.sequence },
      {
        $set: { ...set, updatedAt: new Date(event.time) },
      },
    );
    if (!flagsChange) return;
    const other =
      customerEvent.type === 'PossibleDuplicateDismissed'
        ? [customerEvent.data.otherCustomerId]
        : [];
    await refreshFlags(cards, [
      event.subject,
      ...other,
      ...(await laterHolders(
        cards,
        [...keysBefore, ...(await keysOf(cards, event.subject))],
        event.subject,
      )),
    ]);
  }

  /** The computed figures of one card (tier, lifecycle stage, CSI): null until analytics sent one. */
  async figuresOf(customerId: string): Promise<CardFigures> {
    const card = await (
      await this.cards()
    ).findOne({ _id: customerId }, { projection: { tier: 1, lifecycle: 1, csi: 1 } });
    return {
      tier: card?.tier ?? null,
      lifecycle: card?.lifecycle ?? null,
      csi: card?.csi ?? null,
    };
  }

  private readonly fundBand: FundBandOf = (expected) =>
    fundBandOf(expected ?? undefined, {
      keyFrom: this.config.FUND_BAND_KEY_FROM,
      ordinaryFrom: this.config.FUND_BAND_ORDINARY_FROM,
    });

  /** Cards sharing any of these duplicate keys, except `exceptId`. */
  async findByDuplicateKeys(
    keys: readonly string[],
    exceptId: string,
  ): Promise<CustomerCardDocument[]> {
    return duplicatesIn(await this.cards(), keys, exceptId);
  }

  async byIds(ids: readonly string[]): Promise<CustomerCardDocument[]> {
    return [...(await documentsById(await this.cards(), ids)).values()];
  }

  /** The live collection (its slot): a rebuild swaps it without the readers noticing. */
  private cards(): Promise<Collection<CustomerCardDocument>> {
    return this.slots.collection<CustomerCardDocument>(this.name);
  }

  /** One page of cards in id order (ids are UUIDv7: registration order), after `cursor`. */
  async page(
    filter: CardFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<CustomerCardDocument[]> {
    return (await this.cards())
      .find(listedCards(filter, cursor))
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** Customers not erased whose last event is older than `before`, in id order after `cursor`. */
  async inactiveSince(
    before: Date,
    cursor: string | undefined,
    limit: number,
  ): Promise<CustomerCardDocument[]> {
    return (await this.cards())
      .find({
        updatedAt: { $lt: before },
        erasedAt: { $exists: false },
        ...(cursor ? { _id: { $gt: cursor } } : {}),
      })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** Every customer that still keeps its own ledger (not merged away), page by page by id. */
  async ledgersAfter(cursor: string | undefined, limit: number): Promise<CustomerCardDocument[]> {
    return (await this.cards())
      .find(
        {
          mergedInto: null,
          name: { $exists: true },
          ...(cursor ? { _id: { $gt: cursor } } : {}),
        },
        { projection: { _id: 1 } },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * D1 completeness summed per owning rep over the cards `access` lets the caller see, for one page
   * of reps in id order after `cursor`. FerretDB 1.24 groups with `$sum: 1` only (a `$sum` of a
   * field answers 0, `$unwind` loses the other fields): the cards are counted per rep and per set
   * of missing checks (kept in a fixed order, so one set has one form), and the sums are added up
   * from those counts here (`addCards`).
   */
  async completenessByOwner(
    access: Record<string, unknown>,
    cursor: string | undefined,
    limit: number,
  ): Promise<OwnerCompletenessTotals[]> {
    // One pass over the cards (FerretDB scans the collection for every aggregation): the groups
    // of every rep after the cursor, a handful per rep, then the page is cut from their sums.
    const groups = await (
      await this.cards()
    )
      .aggregate<{ _id: { ownerId: string; missing: CardCheck[] }; cards: number }>([
        {
          $match: countedCards(access, cursor ? { ownerId: { $gt: cursor } } : {}),
        },
        {
          $group: {
            _id: { ownerId: '$ownerId', missing: '$completeness.missing' },
            cards: { $sum: 1 },
          },
        },
      ])
      .toArray();
    const totals = new Map<string, CompletenessTotals>();
    for (const { _id, cards } of groups) {
      const sum = totals.get(_id.ownerId) ?? noTotals();
      totals.set(_id.ownerId, addCards(sum, cardWithMissing(_id.missing), cards));
    }
    return [...totals]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([ownerId, sum]) => ({ ownerId, ...sum }));
  }

  /** One rep's incomplete cards within `access`, in id order after `cursor`. */
  async incompleteCards(
    access: Record<string, unknown>,
    ownerId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<CustomerCardDocument[]> {
    return (await this.cards())
      .find(
        countedCards(access, {
          ownerId,
          'completeness.complete': false,
          ...(cursor ? { _id: { $gt: cursor } } : {}),
        }),
        { projection: { name: 1, region: 1, ownerId: 1, completeness: 1 } },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** The query plan of a listing: for the index test (acceptance 6). */
  async explain(filter: CardFilter, limit: number): Promise<Record<string, unknown>> {
    return (await this.cards())
      .find(listedCards(filter, undefined))
      .sort({ _id: 1 })
      .limit(limit)
      .explain('queryPlanner');
  }
}
