import { Inject, Injectable } from '@nestjs/common';
import type { Collection, CreateIndexesOptions, Filter, IndexDirection } from 'mongodb';
import {
  customerLifecycleChanged,
  customerSatisfactionChanged,
  customerTierChanged,
  ERASED_TEXT,
  eventRegistry,
  parseEventType,
  Topics,
  type CloudEvent,
  type CustomerEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { APP_CONFIG, documentsById } from '@crm/platform';
import { ProjectionSlots, type Projection } from '@crm/projections';
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
  customerCardSchema,
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

/** The profile fields duplicate keys are made of. */
const IDENTIFYING_FIELDS = ['name', 'phone', 'email', 'taxNumber'] as const;

/** The customer events that change a card's duplicate keys or dismissals, so its flags and others'. */
const DUPLICATE_INPUTS: ReadonlySet<string> = new Set([
  'CustomerRegistered',
  'CustomerProfileUpdated',
  'CustomerErased',
  'PossibleDuplicateDismissed',
  'CustomerMerged',
]);

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

/** Cards sharing any of these duplicate keys, except `exceptId`. */
const duplicatesIn = (
  cards: Collection<CustomerCardDocument>,
  keys: readonly string[],
  exceptId: string,
): Promise<CustomerCardDocument[]> =>
  keys.length === 0
    ? Promise.resolve([])
    : cards
        .find({ dupKeys: { $in: [...keys] }, _id: { $ne: exceptId } })
        .sort({ _id: 1 })
        .limit(100)
        .toArray();

const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  async ensureIndexes(target: Collection<CustomerCardDocument>): Promise<void> {
    for (const [keys, options] of customerCardSchema.indexes()) {
      await target.createIndex(
        keys as Record<string, IndexDirection>,
        options as CreateIndexesOptions,
      );
    }
  }

  /** No side effects: applied live and while rebuilding alike. */
  async apply(event: CloudEvent, cards: Collection<CustomerCardDocument>): Promise<void> {
    const name = parseEventType(event.type)?.name;
    if (name === undefined) return;
    if (event.source === 'crm/analytics') return this.applyFigure(cards, event, name);
    if (event.source !== 'crm/customers') return;
    const data = eventRegistry.validateData(event.type, event.data);
    const customerEvent = { type: name, data } as CustomerEvent;
    // The flags depend on other cards: whose keys this event may add or take away, read first.
    const touchesFlags =
      name === 'CustomerProfileUpdated'
        ? IDENTIFYING_FIELDS.some(
            (field) => field in (customerEvent.data as { changes: object }).changes,
          )
        : DUPLICATE_INPUTS.has(name);
    const keysBefore = touchesFlags ? await this.keysOf(cards, event.subject) : [];
    const changes = await this.changesFor(cards, customerEvent, event.subject);
    if (changes === undefined) return;
    const set = {
      ...changes,
      ...(await this.completenessChanges(cards, customerEvent, event.subject)),
    };
    await applyOnce(
      cards,
      event.subject,
      { stream: event.subject, sequence: event.sequence },
      {
        $set: { ...set, updatedAt: new Date(event.time) },
      },
    );
    if (!touchesFlags) return;
    const other =
      customerEvent.type === 'PossibleDuplicateDismissed'
        ? [customerEvent.data.otherCustomerId]
        : [];
    await this.refreshFlags(cards, [
      event.subject,
      ...other,
      ...(await this.sharingAny(cards, keysBefore)),
      ...(await this.sharingAny(cards, await this.keysOf(cards, event.subject))),
    ]);
  }

  /** The card's duplicate keys as stored now. */
  private async keysOf(
    cards: Collection<CustomerCardDocument>,
    customerId: string,
  ): Promise<string[]> {
    const card = await cards.findOne({ _id: customerId }, { projection: { dupKeys: 1 } });
    return card?.dupKeys ?? [];
  }

  /** Ids of the cards holding any of these keys (the dupKeys index serves each equality). */
  private async sharingAny(
    cards: Collection<CustomerCardDocument>,
    keys: readonly string[],
  ): Promise<string[]> {
    const ids = new Set<string>();
    for (const key of new Set(keys)) {
      const holders = await cards.find({ dupKeys: key }, { projection: { _id: 1 } }).toArray();
      for (const holder of holders) ids.add(holder._id);
    }
    return [...ids];
  }

  /**
   * Sets each card's flags from the cards as they are now (ADR 143): a card is a possible
   * duplicate of every earlier-registered card (a smaller id: UUIDv7) sharing one of its keys,
   * unless either card dismissed the pair. Merged-away and erased cards hold no keys. The flags are
   * a function of every card's keys and dismissals, not of the order their events were applied:
   * whenever an event changes a card's keys or dismissals, every card that shared a key with it
   * before or after is set again, so a rebuild reading partitions in another order than live ends
   * with the same flags.
   */
  private async refreshFlags(
    cards: Collection<CustomerCardDocument>,
    customerIds: readonly string[],
  ): Promise<void> {
    for (const customerId of new Set(customerIds)) {
      const card = await cards.findOne(
        { _id: customerId },
        { projection: { dupKeys: 1, dismissedDuplicates: 1 } },
      );
      if (!card) continue;
      const dismissed = card.dismissedDuplicates ?? [];
      const earlier = (await duplicatesIn(cards, card.dupKeys ?? [], customerId))
        .filter(
          (other) =>
            other._id < customerId &&
            !dismissed.includes(other._id) &&
            !(other.dismissedDuplicates ?? []).includes(customerId),
        )
        .map((other) => other._id);
      await cards.updateOne(
        { _id: customerId },
        { $set: { possibleDuplicateOf: earlier, hasPossibleDuplicates: earlier.length > 0 } },
      );
    }
  }

  /**
   * A figure analytics computed (D3 tier, D5 stage, D6 CSI) lands on the card of the customer it
   * names. Analytics keeps each figure in its own stream per customer (`tier-<id>`,
   * `lifecycle-<id>`, `csi-<id>`), so the stream's sequence makes a redelivery a no-op and keeps
   * a late older figure from overwriting a newer one. Matched by name: every version of these
   * events carries the field.
   */
  private async applyFigure(
    cards: Collection<CustomerCardDocument>,
    event: CloudEvent,
    name: string,
  ): Promise<void> {
    const figure = figureOf(name, event.data);
    if (figure === undefined) return;
    await applyOnce(
      cards,
      figure.customerId,
      { stream: event.subject, sequence: event.sequence },
      { $set: figure.set },
    );
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

  /**
   * The card's completeness (D1) after an event that changes what it checks: the presence of each
   * checked field and each contact's phone and buying role are kept (never a value), and the score
   * is recomputed from them, so a replay of the events gives the same figures.
   */
  private async completenessChanges(
    cards: Collection<CustomerCardDocument>,
    event: CustomerEvent,
    customerId: string,
  ): Promise<Partial<CompletenessFields>> {
    const facts = await this.nextCardFacts(cards, event, customerId);
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
    cards: Collection<CustomerCardDocument>,
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
    const current = await cards.findOne({ _id: customerId }, { projection: { cardFacts: 1 } });
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
    cards: Collection<CustomerCardDocument>,
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
          ...this.duplicateFields({}, d),
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
          ...(IDENTIFYING_FIELDS.some((kind) => kind in c)
            ? this.duplicateFields(await this.currentDuplicateKeys(cards, customerId), c)
            : {}),
        };
      }
      case 'CustomerOwnerAssigned':
        return { ownerId: event.data.ownerId, keyAccountManagerId: event.data.keyAccountManagerId };
      case 'ContactAdded':
      case 'ContactUpdated':
      case 'ContactRemoved': {
        const current = await cards.findOne(
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
        const dismissed = await this.dismissedOf(cards, customerId);
        // Both cards' flags are set again afterwards (refreshFlags).
        return {
          dismissedDuplicates: [...new Set([...dismissed, event.data.otherCustomerId])],
        };
      }
      case 'CustomerMerged':
        return event.data.role === 'duplicate'
          ? { mergedInto: event.data.survivorId, ...NO_DUPLICATE_KEYS }
          : this.absorbed(cards, customerId, event.data);
      default:
        return {};
    }
  }

  /** The survivor's card: the duplicate's contacts join it, and it is no longer a duplicate of it. */
  private async absorbed(
    cards: Collection<CustomerCardDocument>,
    customerId: string,
    data: Extract<CustomerEvent, { type: 'CustomerMerged' }>['data'],
  ): Promise<Record<string, unknown>> {
    const current = await cards.findOne(
      { _id: customerId },
      { projection: { contactNameById: 1 } },
    );
    const names = { ...(current?.contactNameById ?? {}) };
    for (const { contactId, contact } of data.carried?.contacts ?? []) {
      names[contactId] = contact.name.toLowerCase();
    }
    // Its flag on the duplicate goes when the duplicate's keys go (refreshFlags).
    return { contactNameById: names, contactNames: [...new Set(Object.values(names))] };
  }

  private async currentDuplicateKeys(
    cards: Collection<CustomerCardDocument>,
    customerId: string,
  ): Promise<Record<string, string>> {
    const current = await cards.findOne({ _id: customerId }, { projection: { dupKeyByKind: 1 } });
    return current?.dupKeyByKind ?? {};
  }

  private async dismissedOf(
    cards: Collection<CustomerCardDocument>,
    customerId: string,
  ): Promise<readonly string[]> {
    const current = await cards.findOne(
      { _id: customerId },
      { projection: { dismissedDuplicates: 1 } },
    );
    return current?.dismissedDuplicates ?? [];
  }

  /**
   * The card's duplicate keys after a change (its flags are set by refreshFlags).
   */
  private duplicateFields(
    current: Record<string, string>,
    changes: IdentifyingFields,
  ): Record<string, unknown> {
    const byKind: Record<string, string> = { ...current };
    const fresh = duplicateKeysOf(changes);
    for (const kind of IDENTIFYING_FIELDS) {
      if (changes[kind] === undefined) continue;
      const key = fresh[kind];
      if (key === undefined) delete byKind[kind];
      else byKind[kind] = key;
    }
    // The flags follow in refreshFlags, once the keys are stored.
    return { dupKeyByKind: byKind, dupKeys: Object.values(byKind) };
  }

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
      .find(this.query(filter, cursor))
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
  async incompleteCards(
    access: Record<string, unknown>,
    ownerId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<CustomerCardDocument[]> {
    return (await this.cards())
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
  async explain(filter: CardFilter, limit: number): Promise<Record<string, unknown>> {
    return (await this.cards())
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
