import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import {
  customerLifecycleChanged,
  customerSatisfactionChanged,
  customerTierChanged,
  ERASED_TEXT,
  eventRegistry,
  parseEventType,
  type CloudEvent,
  type CustomerEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { APP_CONFIG, documentsById } from '@crm/platform';
import {
  duplicateKeysOf,
  type IdentifyingFields,
} from '@apps/customers/src/customer/domain/duplicate-keys';
import { fundBandOf } from '@apps/customers/src/customer/domain/fund-band';
import {
  addCards,
  cardWithMissing,
  completenessOf,
  noTotals,
  PROFILE_CHECKS,
  type CardCheck,
  type CompletenessTotals,
  type ContactFacts,
} from '@apps/customers/src/customer/domain/card-completeness';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import {
  CUSTOMER_CARDS,
  type CompletenessFields,
  type CustomerCardDocument,
  type StoredCardFacts,
} from './customer-card.schema';

export interface CardFilter {
  readonly ownerId?: string;
  readonly region?: string;
  readonly tier?: string;
  readonly lifecycle?: string;
  /** Lower-cased prefix of name, code or a contact's name. */
  readonly prefix?: string;
  /** Only cards flagged as likely duplicates of another. */
  readonly flaggedDuplicates?: boolean;
  /** The caller's access scope as a filter (`sliceFilter`): ANDed with the rest. */
  readonly access?: Record<string, unknown>;
}

const NO_DUPLICATE_KEYS = {
  dupKeyByKind: {},
  dupKeys: [],
  possibleDuplicateOf: [],
  hasPossibleDuplicates: false,
} as const;

/** The sums of one rep's cards (see `CompletenessTotals`). */
export interface OwnerCompletenessTotals extends CompletenessTotals {
  readonly ownerId: string;
}

export interface CardFigures {
  readonly tier: string | null;
  readonly lifecycle: string | null;
  /** D6, 0–100 as of the customer's latest satisfaction score. */
  readonly csi: number | null;
}

/** The consumer hands every event over as its current version (older ones upcast). */
function figureOf(
  name: string,
  data: unknown,
): { customerId: string; set: Partial<CardFigures> } | undefined {
  if (name === customerTierChanged.name) {
    const { customerId, tier } = customerTierChanged.schema.parse(data);
    return { customerId, set: { tier } };
  }
  if (name === customerLifecycleChanged.name) {
    const { customerId, stage } = customerLifecycleChanged.schema.parse(data);
    return { customerId, set: { lifecycle: stage } };
  }
  if (name === customerSatisfactionChanged.name) {
    const { customerId, csi } = customerSatisfactionChanged.schema.parse(data);
    return { customerId, set: { csi } };
  }
  return undefined;
}

const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The searchable copy of every card, for lists (GET /customers). Written only by the topic
 * consumer: one writer per customer (its partition), which applyOnce needs on FerretDB (ADR 4).
 * So a read-modify-write of one card here is safe: nothing else writes it.
 */
@Injectable()
export class CustomerCardProjection {
  private readonly cards;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {
    this.cards = connection.collection<CustomerCardDocument>(CUSTOMER_CARDS);
  }

  async apply(event: CloudEvent): Promise<void> {
    const name = parseEventType(event.type)?.name;
    if (name === undefined) return;
    if (event.source === 'crm/analytics') return this.applyFigure(event, name);
    if (event.source !== 'crm/customers') return;
    const data = eventRegistry.validateData(event.type, event.data);
    const customerEvent = { type: name, data } as CustomerEvent;
    const changes = await this.changesFor(customerEvent, event.subject);
    if (changes === undefined) return;
    const set = { ...changes, ...(await this.completenessChanges(customerEvent, event.subject)) };
    await applyOnce(
      this.cards,
      event.subject,
      { stream: event.subject, sequence: event.sequence },
      {
        $set: { ...set, updatedAt: new Date(event.time) },
      },
    );
  }

  /**
   * A figure analytics computed (D3 tier, D5 stage, D6 CSI) lands on the card of the customer it
   * names. Analytics keeps each figure in its own stream per customer (`tier-<id>`,
   * `lifecycle-<id>`, `csi-<id>`), so the stream's sequence makes a redelivery a no-op and keeps
   * a late older figure from overwriting a newer one. Matched by name: every version of these
   * events carries the field.
   */
  private async applyFigure(event: CloudEvent, name: string): Promise<void> {
    const figure = figureOf(name, event.data);
    if (figure === undefined) return;
    await applyOnce(
      this.cards,
      figure.customerId,
      { stream: event.subject, sequence: event.sequence },
      { $set: figure.set },
    );
  }

  /** The computed figures of one card (tier, lifecycle stage, CSI): null until analytics sent one. */
  async figuresOf(customerId: string): Promise<CardFigures> {
    const card = await this.cards.findOne(
      { _id: customerId },
      { projection: { tier: 1, lifecycle: 1, csi: 1 } },
    );
    return {
      tier: card?.tier ?? null,
      lifecycle: card?.lifecycle ?? null,
      csi: card?.csi ?? null,
    };
  }

  /**
   * The card's completeness (D1) after an event that changes what it checks: the presence of each
   * checked field and each contact's phone and buying role are kept (never a value), and the score
   * is recomputed from them, so a replay of the events gives the same figures.
   */
  private async completenessChanges(
    event: CustomerEvent,
    customerId: string,
  ): Promise<Partial<CompletenessFields>> {
    const facts = await this.nextCardFacts(event, customerId);
    if (facts === undefined) return {};
    const result = completenessOf({
      filled: facts.filled,
      contacts: Object.values(facts.contacts),
    });
    return {
      cardFacts: facts,
      completeness: {
        ...result,
        missing: [...result.missing],
      },
    };
  }

  private async nextCardFacts(
    event: CustomerEvent,
    customerId: string,
  ): Promise<StoredCardFacts | undefined> {
    const filledBy = (
      fields: Readonly<Record<string, unknown>>,
      before: StoredCardFacts['filled'],
    ) =>
      Object.fromEntries(
        PROFILE_CHECKS.map((field) => [
          field,
          field in fields && fields[field] !== undefined
            ? fields[field] !== null && fields[field] !== ''
            : (before[field] ?? false),
        ]),
      ) as StoredCardFacts['filled'];
    const contactFacts = (contact: {
      readonly phone?: string | null | undefined;
      readonly buyingRole?: string | null | undefined;
    }): ContactFacts => ({ phone: Boolean(contact.phone), buyingRole: contact.buyingRole ?? null });
    if (event.type === 'CustomerRegistered') {
      return { filled: filledBy(event.data, {} as StoredCardFacts['filled']), contacts: {} };
    }
    const touches =
      event.type === 'CustomerProfileUpdated' ||
      event.type === 'ContactAdded' ||
      event.type === 'ContactUpdated' ||
      event.type === 'ContactRemoved' ||
      (event.type === 'CustomerMerged' && event.data.role === 'survivor');
    if (!touches) return undefined;
    const current = await this.cards.findOne({ _id: customerId }, { projection: { cardFacts: 1 } });
    const before: StoredCardFacts = current?.cardFacts ?? {
      filled: filledBy({}, {} as StoredCardFacts['filled']),
      contacts: {},
    };
    const contacts = { ...before.contacts };
    switch (event.type) {
      case 'CustomerProfileUpdated':
        return { filled: filledBy(event.data.changes, before.filled), contacts };
      case 'ContactAdded':
        contacts[event.data.contactId] = contactFacts(event.data.contact);
        break;
      case 'ContactUpdated': {
        const { changes, contactId } = event.data;
        const was = contacts[contactId] ?? { phone: false, buyingRole: null };
        contacts[contactId] = {
          phone: changes.phone === undefined ? was.phone : changes.phone !== null,
          buyingRole: changes.buyingRole === undefined ? was.buyingRole : changes.buyingRole,
        };
        break;
      }
      case 'ContactRemoved':
        delete contacts[event.data.contactId];
        break;
      case 'CustomerMerged':
        for (const { contactId, contact } of event.data.carried?.contacts ?? []) {
          contacts[contactId] = contactFacts(contact);
        }
        break;
      default:
        break;
    }
    return { filled: before.filled, contacts };
  }

  private fundBand(expected: number | null | undefined): string | null {
    return fundBandOf(expected ?? undefined, {
      keyFrom: this.config.FUND_BAND_KEY_FROM,
      ordinaryFrom: this.config.FUND_BAND_ORDINARY_FROM,
    });
  }

  /** The fields one event changes; an event that changes nothing listed still advances `applied`. */
  private async changesFor(
    event: CustomerEvent,
    customerId: string,
  ): Promise<Record<string, unknown> | undefined> {
    switch (event.type) {
      case 'CustomerRegistered': {
        const d = event.data;
        return {
          name: d.name,
          nameKey: d.name.toLowerCase(),
          code: d.code ?? null,
          codeKey: d.code?.toLowerCase() ?? null,
          nature: d.nature,
          region: d.region,
          city: d.city ?? null,
          ownerId: d.ownerId,
          keyAccountManagerId: d.keyAccountManagerId ?? null,
          transactionStage: d.transactionStage ?? null,
          fundBand: this.fundBand(d.expectedAnnualPurchase),
          isKeyAccount: false,
          contactNameById: {},
          contactNames: [],
          registeredAt: new Date(d.registeredAt),
          ...(await this.duplicateFields(customerId, {}, d)),
        };
      }
      case 'CustomerProfileUpdated': {
        const c = event.data.changes;
        return {
          ...(c.name !== undefined ? { name: c.name, nameKey: c.name.toLowerCase() } : {}),
          ...(c.code !== undefined ? { code: c.code, codeKey: c.code?.toLowerCase() ?? null } : {}),
          ...(c.nature !== undefined ? { nature: c.nature } : {}),
          ...(c.region !== undefined ? { region: c.region } : {}),
          ...(c.city !== undefined ? { city: c.city } : {}),
          ...(c.transactionStage !== undefined ? { transactionStage: c.transactionStage } : {}),
          ...(c.expectedAnnualPurchase !== undefined
            ? { fundBand: this.fundBand(c.expectedAnnualPurchase) }
            : {}),
          ...(['name', 'phone', 'email', 'taxNumber'].some((kind) => kind in c)
            ? await this.duplicateFields(customerId, await this.currentDuplicateKeys(customerId), c)
            : {}),
        };
      }
      case 'CustomerOwnerAssigned':
        return { ownerId: event.data.ownerId, keyAccountManagerId: event.data.keyAccountManagerId };
      case 'ContactAdded':
      case 'ContactUpdated':
      case 'ContactRemoved': {
        const current = await this.cards.findOne(
          { _id: customerId },
          { projection: { contactNameById: 1 } },
        );
        const names = { ...(current?.contactNameById ?? {}) };
        if (event.type === 'ContactAdded')
          names[event.data.contactId] = event.data.contact.name.toLowerCase();
        if (event.type === 'ContactUpdated' && event.data.changes.name !== undefined) {
          names[event.data.contactId] = event.data.changes.name.toLowerCase();
        }
        if (event.type === 'ContactRemoved') delete names[event.data.contactId];
        return { contactNameById: names, contactNames: [...new Set(Object.values(names))] };
      }
      case 'KeyAccountDesignated':
        return { isKeyAccount: true };
      case 'KeyAccountRetired':
        return { isKeyAccount: false };
      case 'CustomerErased':
        // Nothing personal stays: the name, contact names and the duplicate index go.
        return {
          name: ERASED_TEXT,
          nameKey: null,
          contactNameById: {},
          contactNames: [],
          ...NO_DUPLICATE_KEYS,
          erasedAt: new Date(event.data.erasedAt),
        };
      case 'PossibleDuplicateDismissed': {
        const current = await this.cards.findOne(
          { _id: customerId },
          { projection: { possibleDuplicateOf: 1, dismissedDuplicates: 1 } },
        );
        const dismissed = [
          ...new Set([...(current?.dismissedDuplicates ?? []), event.data.otherCustomerId]),
        ];
        const others = (current?.possibleDuplicateOf ?? []).filter((id) => !dismissed.includes(id));
        return {
          dismissedDuplicates: dismissed,
          possibleDuplicateOf: others,
          hasPossibleDuplicates: others.length > 0,
        };
      }
      case 'CustomerMerged':
        return event.data.role === 'duplicate'
          ? { mergedInto: event.data.survivorId, ...NO_DUPLICATE_KEYS }
          : this.absorbed(customerId, event.data);
      default:
        return {};
    }
  }

  /** The survivor's card: the duplicate's contacts join it, and it is no longer a duplicate of it. */
  private async absorbed(
    customerId: string,
    data: Extract<CustomerEvent, { type: 'CustomerMerged' }>['data'],
  ): Promise<Record<string, unknown>> {
    const current = await this.cards.findOne(
      { _id: customerId },
      { projection: { contactNameById: 1, possibleDuplicateOf: 1 } },
    );
    const names = { ...(current?.contactNameById ?? {}) };
    for (const { contactId, contact } of data.carried?.contacts ?? []) {
      names[contactId] = contact.name.toLowerCase();
    }
    const others = (current?.possibleDuplicateOf ?? []).filter((id) => id !== data.duplicateId);
    return {
      contactNameById: names,
      contactNames: [...new Set(Object.values(names))],
      possibleDuplicateOf: others,
      hasPossibleDuplicates: others.length > 0,
    };
  }

  private async currentDuplicateKeys(customerId: string): Promise<Record<string, string>> {
    const current = await this.cards.findOne(
      { _id: customerId },
      { projection: { dupKeyByKind: 1 } },
    );
    return current?.dupKeyByKind ?? {};
  }

  private async dismissedOf(customerId: string): Promise<readonly string[]> {
    const current = await this.cards.findOne(
      { _id: customerId },
      { projection: { dismissedDuplicates: 1 } },
    );
    return current?.dismissedDuplicates ?? [];
  }

  /**
   * The card's duplicate keys after a change, and the other cards that share one (flagged on this
   * card only: each card has one writer, the consumer of its own customer's partition).
   */
  private async duplicateFields(
    customerId: string,
    current: Record<string, string>,
    changes: IdentifyingFields,
  ): Promise<Record<string, unknown>> {
    const byKind: Record<string, string> = { ...current };
    const fresh = duplicateKeysOf(changes);
    for (const kind of ['name', 'phone', 'email', 'taxNumber'] as const) {
      if (changes[kind] === undefined) continue;
      const key = fresh[kind];
      if (key === undefined) delete byKind[kind];
      else byKind[kind] = key;
    }
    const dupKeys = Object.values(byKind);
    // A pair a reviewer dismissed is not flagged again (on either card).
    const dismissed = await this.dismissedOf(customerId);
    const others = (await this.findByDuplicateKeys(dupKeys, customerId)).filter(
      (card) =>
        !dismissed.includes(card._id) && !(card.dismissedDuplicates ?? []).includes(customerId),
    );
    return {
      dupKeyByKind: byKind,
      dupKeys,
      possibleDuplicateOf: others.map((card) => card._id),
      hasPossibleDuplicates: others.length > 0,
    };
  }

  /** Cards sharing any of these duplicate keys, except `exceptId`. */
  findByDuplicateKeys(keys: readonly string[], exceptId: string): Promise<CustomerCardDocument[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.cards
      .find({ dupKeys: { $in: [...keys] }, _id: { $ne: exceptId } })
      .sort({ _id: 1 })
      .limit(100)
      .toArray();
  }

  async byIds(ids: readonly string[]): Promise<CustomerCardDocument[]> {
    return [...(await documentsById(this.cards, ids)).values()];
  }

  /** One page of cards in id order (ids are UUIDv7: registration order), after `cursor`. */
  async page(
    filter: CardFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<CustomerCardDocument[]> {
    return this.cards.find(this.query(filter, cursor)).sort({ _id: 1 }).limit(limit).toArray();
  }

  /** Customers not erased whose last event is older than `before`, in id order after `cursor`. */
  inactiveSince(
    before: Date,
    cursor: string | undefined,
    limit: number,
  ): Promise<CustomerCardDocument[]> {
    return this.cards
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
  ledgersAfter(cursor: string | undefined, limit: number): Promise<CustomerCardDocument[]> {
    return this.cards
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
    const groups = await this.cards
      .aggregate<{ _id: { ownerId: string; missing: CardCheck[] }; cards: number }>([
        {
          $match: { ...this.countedCards(access), ...(cursor ? { ownerId: { $gt: cursor } } : {}) },
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
  incompleteCards(
    access: Record<string, unknown>,
    ownerId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<CustomerCardDocument[]> {
    return this.cards
      .find(
        {
          $and: [this.countedCards(access), { ownerId }],
          'completeness.complete': false,
          ...(cursor ? { _id: { $gt: cursor } } : {}),
        },
        { projection: { name: 1, region: 1, ownerId: 1, completeness: 1 } },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * The cards completeness counts: within the caller's scope, registered, not merged away (the
   * survivor counts) and not erased (nothing is left to complete).
   */
  private countedCards(access: Record<string, unknown>): Filter<CustomerCardDocument> {
    return {
      ...(Object.keys(access).length > 0 ? { $and: [access] } : {}),
      mergedInto: null,
      erasedAt: { $exists: false },
      completeness: { $exists: true },
    };
  }

  /** The query plan of a listing: for the index test (acceptance 6). */
  explain(filter: CardFilter, limit: number): Promise<Record<string, unknown>> {
    return this.cards
      .find(this.query(filter, undefined))
      .sort({ _id: 1 })
      .limit(limit)
      .explain('queryPlanner');
  }

  private query(filter: CardFilter, cursor: string | undefined): Filter<CustomerCardDocument> {
    const { prefix, flaggedDuplicates, access, ...exact } = filter;
    const pattern = prefix === undefined ? undefined : new RegExp(`^${escapeRegex(prefix)}`);
    return {
      ...exact,
      ...(access && Object.keys(access).length > 0 ? { $and: [access] } : {}),
      ...(pattern
        ? { $or: [{ nameKey: pattern }, { codeKey: pattern }, { contactNames: pattern }] }
        : {}),
      ...(flaggedDuplicates ? { hasPossibleDuplicates: true } : {}),
      // A merged duplicate lives on in its survivor: lists show the survivor only.
      mergedInto: null,
      // A card analytics gave a figure before its registration arrived is no card yet.
      name: { $exists: true },
      ...(cursor ? { _id: { $gt: cursor } } : {}),
    };
  }
}
