import type { Decider } from '@crm/event-store';
import {
  divideHalfEven,
  ERASED_TEXT,
  formatMajor,
  moneyFromData,
  moneyToData,
  parseMajorAmount,
  toMajorNumber,
  type Money,
  type ContactChanges,
  type ContactData,
  type CustomerEvent,
  type ProfileChanges,
} from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import { fundBandOf, type FundBand, type FundBandThresholds } from './fund-band';
import { pointsFor, type PointsRate } from './points';

export type CustomerNature =
  'government' | 'special_company' | 'ordinary_company' | 'business_partner' | 'individual';

type Registered = Extract<CustomerEvent, { type: 'CustomerRegistered' }>['data'];

/** The profile card as typed in (D1): identity, owner and relationship facts. */
export type CustomerProfile = Omit<Registered, 'nature'> & { readonly nature: CustomerNature };

export interface Contact extends ContactData {
  readonly contactId: string;
}

export interface PurchaseFacts {
  /** As charged, in the purchase's own currency. */
  readonly amount: Money;
  /** In the company currency: what revenue and points count. */
  readonly booked: Money;
  /** Refunded so far, in minor units of the purchase's currency and of the company currency. */
  readonly refundedMinor: bigint;
  readonly refundedBookedMinor: bigint;
  readonly pointsEarned: number;
  readonly pointsReversed: number;
  /** The business date the points were earned on. */
  readonly occurredAt: string;
}

export interface KeyAccount {
  readonly criterion: 'tier_and_fund_band' | 'strategic';
  readonly reason: string;
  readonly keyAccountManagerId: string;
  readonly executiveSponsorId: string;
  readonly slot: number;
  readonly designatedAt: string;
}

export interface CustomerFacts {
  readonly contacts: Readonly<Record<string, Contact>>;
  readonly purchases: Readonly<Record<string, PurchaseFacts>>;
  /** `<sourceSystem>\n<orderReference>` → purchaseId: what this customer already recorded. */
  readonly orderKeys: Readonly<Record<string, string>>;
  /** Net revenue booked, in minor units of the company currency. */
  readonly revenueMinor: bigint;
  readonly pointsBalance: number;
  /** Points redeemed or expired so far: used oldest-first when deciding what expires. */
  readonly pointsUsed: number;
  readonly keyAccount: KeyAccount | null;
  /** The survivor this customer was merged into: read-only from then on. */
  readonly mergedInto: string | null;
  /** Duplicates merged into this customer. */
  readonly absorbed: readonly string[];
  /** When its personal data was erased; null while it has not been. */
  readonly erasedAt: string | null;
  /** Customers a reviewer decided are not duplicates of this one. */
  readonly notDuplicates: readonly string[];
}

type Erased = Extract<CustomerEvent, { type: 'CustomerErased' }>['data'];
type Merged = Extract<CustomerEvent, { type: 'CustomerMerged' }>['data'];

/** The customer as its stream tells it: the profile card (D1) once registered. */
export type CustomerState =
  | { readonly registered: false }
  | ({ readonly registered: true } & CustomerProfile & CustomerFacts);

export const initialCustomerState: CustomerState = { registered: false };

export const orderKeyOf = (sourceSystem: string, orderReference: string): string =>
  `${sourceSystem}\n${orderReference}`;

type PurchaseRecordedData = Extract<CustomerEvent, { type: 'PurchaseRecorded' }>['data'];

export interface PurchaseInput {
  readonly purchaseId: string;
  readonly amount: Money;
  readonly booked: Money;
  readonly exchange?: PurchaseRecordedData['exchange'];
  readonly occurredAt: string;
  readonly productLine: string;
  readonly sourceSystem: string;
  readonly orderReference: string;
}

/** Written criteria for key accounts (D8): configuration, not code. */
export interface KeyAccountRule {
  readonly fundBands: readonly FundBand[];
  /** Tiers that qualify; checked only when the customer's tier is known. */
  readonly tiers: readonly string[];
  readonly allowStrategic: boolean;
  readonly thresholds: FundBandThresholds;
}

type Command<TType extends string, TData> = {
  readonly type: TType;
  readonly data: TData;
  readonly now: Date;
};

export type CustomerCommand =
  | Command<
      'RegisterCustomer',
      Omit<Registered, 'registeredAt' | 'nature'> & { readonly nature: CustomerNature }
    >
  | Command<
      'UpdateProfile',
      {
        readonly changes: ProfileChanges;
        readonly ownerId?: string | undefined;
        readonly keyAccountManagerId?: string | null | undefined;
      }
    >
  | Command<'AddContact', { readonly contactId: string; readonly contact: ContactData }>
  | Command<'UpdateContact', { readonly contactId: string; readonly changes: ContactChanges }>
  | Command<'RemoveContact', { readonly contactId: string }>
  | Command<'RecordPurchase', { readonly purchase: PurchaseInput; readonly rate: PointsRate }>
  | Command<
      'ReversePurchase',
      {
        readonly reversalId: string;
        readonly originalPurchaseId: string;
        /** In major units of the original purchase's currency, as the client sent it. */
        readonly amount: number | string;
        readonly occurredAt: string;
        readonly reason: string;
      }
    >
  | Command<
      'RedeemPoints',
      { readonly redemptionId: string; readonly points: number; readonly voucher: string }
    >
  | Command<
      'DesignateKeyAccount',
      {
        readonly criterion: KeyAccount['criterion'];
        readonly reason: string;
        readonly keyAccountManagerId: string;
        readonly executiveSponsorId: string;
        readonly slot: number;
        readonly tier: string | null;
        readonly rule: KeyAccountRule;
      }
    >
  | Command<'RetireKeyAccount', { readonly reason: string }>
  | Command<'EraseCustomer', Pick<Erased, 'reason' | 'requestReference'>>
  | Command<'MergeInto', { readonly survivorId: string }>
  | Command<'AbsorbDuplicate', { readonly duplicate: RegisteredState }>
  | Command<'DismissDuplicate', { readonly otherCustomerId: string }>
  | Command<'ExpirePoints', { readonly earnedBefore: Date }>;

type RegisteredState = Extract<CustomerState, { registered: true }>;

const notFound = (what: string): CustomerError =>
  new CustomerError(CustomerErrorCode.NotFound, `customer ${what} not found`, { customerId: what });

/** Drops the keys whose value would not change the card: an update that changes nothing emits nothing. */
function effectiveChanges<T extends object>(current: object, changes: T): Partial<T> {
  const result: Record<string, unknown> = {};
  const currentValues = current as Readonly<Record<string, unknown>>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const before = currentValues[key];
    if (value === null ? before === undefined : JSON.stringify(value) === JSON.stringify(before))
      continue;
    result[key] = value;
  }
  return result as Partial<T>;
}

export function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  const now = command.now.toISOString();
  if (command.type === 'RegisterCustomer') {
    if (state.registered) {
      throw new CustomerError(
        CustomerErrorCode.AlreadyRegistered,
        'the customer is already registered',
        {
          customerId: command.data.customerId,
        },
      );
    }
    return [{ type: 'CustomerRegistered', data: { ...command.data, registeredAt: now } }];
  }
  if (!state.registered) throw notFound('');
  const customerId = state.customerId;
  assertWritable(state, command.type);
  switch (command.type) {
    case 'EraseCustomer':
      // Erasure is one-way: a second request is refused (409) and records nothing.
      if (state.erasedAt !== null) {
        throw new CustomerError(CustomerErrorCode.Erased, 'the customer has already been erased', {
          currentState: 'erased',
          allowed: ['purchases', 'points'],
        });
      }
      return [{ type: 'CustomerErased', data: { customerId, ...command.data, erasedAt: now } }];
    case 'MergeInto':
      if (state.mergedInto === command.data.survivorId) return [];
      if (state.keyAccount) {
        throw new CustomerError(
          CustomerErrorCode.MergeNotAllowed,
          'a key account cannot be merged away: retire it first',
          { currentState: 'key_account', allowed: ['retire'] },
        );
      }
      if (command.data.survivorId === customerId) {
        throw new CustomerError(
          CustomerErrorCode.MergeNotAllowed,
          'a customer cannot be merged into itself',
          { customerId },
        );
      }
      return [
        {
          type: 'CustomerMerged',
          data: {
            customerId,
            role: 'duplicate',
            duplicateId: customerId,
            survivorId: command.data.survivorId,
            mergedAt: now,
          },
        },
      ];
    case 'AbsorbDuplicate':
      return decideAbsorb(state, command.data.duplicate, now);
    case 'DismissDuplicate':
      if (state.notDuplicates.includes(command.data.otherCustomerId)) return [];
      if (command.data.otherCustomerId === customerId) {
        throw new CustomerError(
          CustomerErrorCode.MergeNotAllowed,
          'a customer is not a duplicate of itself',
          { customerId },
        );
      }
      return [
        {
          type: 'PossibleDuplicateDismissed',
          data: { customerId, otherCustomerId: command.data.otherCustomerId, dismissedAt: now },
        },
      ];
    case 'UpdateProfile':
      return decideProfileUpdate(state, command.data, now);
    case 'AddContact':
      return [{ type: 'ContactAdded', data: { customerId, ...command.data, addedAt: now } }];
    case 'UpdateContact': {
      const contact = contactOf(state, command.data.contactId);
      const changes = effectiveChanges(contact, command.data.changes);
      if (Object.keys(changes).length === 0) return [];
      return [
        {
          type: 'ContactUpdated',
          data: { customerId, contactId: contact.contactId, changes, updatedAt: now },
        },
      ];
    }
    case 'RemoveContact':
      contactOf(state, command.data.contactId);
      return [
        {
          type: 'ContactRemoved',
          data: { customerId, contactId: command.data.contactId, removedAt: now },
        },
      ];
    case 'RecordPurchase':
      return decidePurchase(state, command.data.purchase, command.data.rate);
    case 'ReversePurchase':
      return decideReversal(state, command.data, now);
    case 'RedeemPoints':
      if (command.data.points > state.pointsBalance) {
        throw new CustomerError(
          CustomerErrorCode.InsufficientPoints,
          `the balance is ${state.pointsBalance} points, ${command.data.points} requested`,
          { pointsBalance: state.pointsBalance, requested: command.data.points },
        );
      }
      return [{ type: 'PointsRedeemed', data: { customerId, ...command.data, redeemedAt: now } }];
    case 'DesignateKeyAccount':
      return decideDesignation(state, command.data, now);
    case 'ExpirePoints': {
      const points = expiringPoints(state, command.data.earnedBefore);
      if (points === 0) return [];
      return [
        {
          type: 'PointsExpired',
          data: {
            customerId,
            points,
            earnedBefore: command.data.earnedBefore.toISOString(),
            expiredAt: now,
          },
        },
      ];
    }
    case 'RetireKeyAccount':
      if (!state.keyAccount) {
        throw new CustomerError(
          CustomerErrorCode.NotKeyAccount,
          'the customer is not a key account',
          {
            currentState: 'not_key_account',
            allowed: ['designate'],
          },
        );
      }
      return [
        {
          type: 'KeyAccountRetired',
          data: {
            customerId,
            reason: command.data.reason,
            slot: state.keyAccount.slot,
            retiredAt: now,
          },
        },
      ];
  }
}

/** What an erased customer still takes: its ledger (purchases and points are not personal). */
const AFTER_ERASURE: readonly CustomerCommand['type'][] = [
  'EraseCustomer',
  'RecordPurchase',
  'ReversePurchase',
  'RedeemPoints',
  'ExpirePoints',
];

/** A merged customer is read-only (it may still be erased); an erased one keeps only its ledger. */
function assertWritable(state: RegisteredState, command: CustomerCommand['type']): void {
  if (state.erasedAt !== null && !AFTER_ERASURE.includes(command)) {
    throw new CustomerError(CustomerErrorCode.Erased, 'the customer has been erased', {
      currentState: 'erased',
      allowed: ['purchases', 'points'],
    });
  }
  if (state.mergedInto !== null && command !== 'EraseCustomer' && command !== 'MergeInto') {
    throw new CustomerError(
      CustomerErrorCode.Merged,
      `the customer was merged into ${state.mergedInto}: change the survivor`,
      { currentState: 'merged', mergedInto: state.mergedInto, allowed: ['erase'] },
    );
  }
}

/** The survivor's side of a merge: the duplicate's purchases, points and contacts move over. */
function decideAbsorb(
  state: RegisteredState,
  duplicate: RegisteredState,
  now: string,
): CustomerEvent[] {
  if (state.absorbed.includes(duplicate.customerId)) return [];
  if (duplicate.customerId === state.customerId || duplicate.mergedInto !== state.customerId) {
    throw new CustomerError(
      CustomerErrorCode.MergeNotAllowed,
      `customer ${duplicate.customerId} is not being merged into ${state.customerId}`,
      { duplicateId: duplicate.customerId, survivorId: state.customerId },
    );
  }
  const orderKeyById = Object.fromEntries(
    Object.entries(duplicate.orderKeys).map(([key, purchaseId]) => [purchaseId, key]),
  );
  const purchases = Object.entries(duplicate.purchases).flatMap(([purchaseId, p]) => {
    const [sourceSystem, orderReference] = (orderKeyById[purchaseId] ?? '').split('\n');
    if (!sourceSystem || !orderReference) return [];
    return [
      {
        purchaseId,
        amount: moneyToData(p.amount),
        booked: moneyToData(p.booked),
        refunded: moneyToData({ minor: p.refundedMinor, currency: p.amount.currency }),
        refundedBooked: moneyToData({ minor: p.refundedBookedMinor, currency: p.booked.currency }),
        occurredAt: p.occurredAt,
        sourceSystem,
        orderReference,
        pointsEarned: p.pointsEarned,
        pointsReversed: p.pointsReversed,
      },
    ];
  });
  return [
    {
      type: 'CustomerMerged',
      data: {
        customerId: state.customerId,
        role: 'survivor',
        duplicateId: duplicate.customerId,
        survivorId: state.customerId,
        carried: {
          purchases,
          revenue: {
            minor: duplicate.revenueMinor.toString(),
            currency: bookedCurrencyOf(duplicate),
          },
          pointsBalance: duplicate.pointsBalance,
          pointsUsed: duplicate.pointsUsed,
          contacts: Object.values(duplicate.contacts).map(({ contactId, ...contact }) => ({
            contactId,
            contact,
          })),
        },
        mergedAt: now,
      },
    },
  ];
}

/** The currency the duplicate's revenue was booked in; XXX (ISO 4217: no currency) without purchases. */
const bookedCurrencyOf = (duplicate: RegisteredState): string =>
  Object.values(duplicate.purchases)[0]?.booked.currency ?? 'XXX';

function contactOf(state: RegisteredState, contactId: string): Contact {
  const contact = state.contacts[contactId];
  if (!contact) {
    throw new CustomerError(CustomerErrorCode.ContactNotFound, `contact ${contactId} not found`, {
      contactId,
    });
  }
  return contact;
}

function decideProfileUpdate(
  state: RegisteredState,
  data: Extract<CustomerCommand, { type: 'UpdateProfile' }>['data'],
  now: string,
): CustomerEvent[] {
  const events: CustomerEvent[] = [];
  const changes = effectiveChanges(state, data.changes);
  if (Object.keys(changes).length > 0) {
    events.push({
      type: 'CustomerProfileUpdated',
      data: { customerId: state.customerId, changes, updatedAt: now },
    });
  }
  const ownerId = data.ownerId ?? state.ownerId;
  const keyAccountManagerId =
    data.keyAccountManagerId === undefined
      ? (state.keyAccountManagerId ?? null)
      : data.keyAccountManagerId;
  if (ownerId !== state.ownerId || keyAccountManagerId !== (state.keyAccountManagerId ?? null)) {
    events.push({
      type: 'CustomerOwnerAssigned',
      data: {
        customerId: state.customerId,
        ownerId,
        previousOwnerId: state.ownerId,
        keyAccountManagerId,
        assignedAt: now,
      },
    });
  }
  return events;
}

function decidePurchase(
  state: RegisteredState,
  purchase: PurchaseInput,
  rate: PointsRate,
): CustomerEvent[] {
  const earlier = state.orderKeys[orderKeyOf(purchase.sourceSystem, purchase.orderReference)];
  // A replay of a purchase already recorded is not an error: it simply records nothing.
  if (earlier !== undefined) return [];
  const points = pointsFor(purchase.booked.minor, rate);
  const { amount, booked, exchange, ...rest } = purchase;
  return [
    {
      type: 'PurchaseRecorded',
      data: {
        customerId: state.customerId,
        ...rest,
        amount: moneyToData(amount),
        booked: moneyToData(booked),
        ...(exchange ? { exchange } : {}),
      },
    },
    ...(points > 0
      ? [
          {
            type: 'PointsEarned' as const,
            data: {
              customerId: state.customerId,
              purchaseId: purchase.purchaseId,
              points,
              earnedAt: purchase.occurredAt,
            },
          },
        ]
      : []),
  ];
}

function decideReversal(
  state: RegisteredState,
  data: Extract<CustomerCommand, { type: 'ReversePurchase' }>['data'],
  now: string,
): CustomerEvent[] {
  const original = state.purchases[data.originalPurchaseId];
  if (!original) {
    throw new CustomerError(
      CustomerErrorCode.PurchaseNotFound,
      `purchase ${data.originalPurchaseId} not found`,
      {
        purchaseId: data.originalPurchaseId,
      },
    );
  }
  if (Date.parse(data.occurredAt) < Date.parse(original.occurredAt)) {
    throw new CustomerError(
      CustomerErrorCode.ReversalBeforePurchase,
      `the reversal is dated ${data.occurredAt}, before the purchase (${original.occurredAt})`,
      { purchaseOccurredAt: original.occurredAt, occurredAt: data.occurredAt },
    );
  }
  const currency = original.amount.currency;
  const parsed = parseMajorAmount(data.amount, currency);
  if (!parsed.ok) {
    throw new CustomerError(CustomerErrorCode.InvalidAmount, parsed.message, {
      field: 'amount',
      problem: parsed.problem,
      currency,
    });
  }
  const refundable = original.amount.minor - original.refundedMinor;
  const minor = parsed.money.minor;
  if (minor > refundable) {
    const left = formatMajor({ minor: refundable, currency });
    throw new CustomerError(
      CustomerErrorCode.RefundExceedsPurchase,
      `at most ${left} ${currency} of this purchase can still be refunded`,
      {
        refundable: toMajorNumber({ minor: refundable, currency }),
        requested: toMajorNumber(parsed.money),
        currency,
      },
    );
  }
  // The company-currency share at the purchase's own rate; the last refund takes back exactly the rest.
  const bookedMinor =
    minor === refundable
      ? original.booked.minor - original.refundedBookedMinor
      : divideHalfEven(minor * original.booked.minor, original.amount.minor);
  // Points come back in proportion to what has been refunded in total, never below a zero balance.
  const due = Number(
    (BigInt(original.pointsEarned) * (original.refundedMinor + minor)) / original.amount.minor,
  );
  const points = Math.min(due - original.pointsReversed, state.pointsBalance);
  return [
    {
      type: 'PurchaseReversed',
      data: {
        customerId: state.customerId,
        reversalId: data.reversalId,
        originalPurchaseId: data.originalPurchaseId,
        amount: moneyToData(parsed.money),
        booked: moneyToData({ minor: bookedMinor, currency: original.booked.currency }),
        occurredAt: data.occurredAt,
        reason: data.reason,
      },
    },
    ...(points > 0
      ? [
          {
            type: 'PointsReversed' as const,
            data: {
              customerId: state.customerId,
              reversalId: data.reversalId,
              purchaseId: data.originalPurchaseId,
              points,
              reversedAt: now,
            },
          },
        ]
      : []),
  ];
}

function decideDesignation(
  state: RegisteredState,
  data: Extract<CustomerCommand, { type: 'DesignateKeyAccount' }>['data'],
  now: string,
): CustomerEvent[] {
  if (state.keyAccount) {
    throw new CustomerError(
      CustomerErrorCode.AlreadyKeyAccount,
      'the customer is already a key account',
      {
        currentState: 'key_account',
        allowed: ['retire'],
      },
    );
  }
  const unmet = unmetCriteria(state, data);
  if (unmet.length > 0) {
    throw new CustomerError(
      CustomerErrorCode.KeyAccountCriteriaNotMet,
      `the criteria are not met: ${unmet.join('; ')}`,
      {
        criterion: data.criterion,
        unmet,
      },
    );
  }
  return [
    {
      type: 'KeyAccountDesignated',
      data: {
        customerId: state.customerId,
        criterion: data.criterion,
        reason: data.reason,
        keyAccountManagerId: data.keyAccountManagerId,
        executiveSponsorId: data.executiveSponsorId,
        slot: data.slot,
        designatedAt: now,
      },
    },
  ];
}

/** D8: key accounts by written criteria — tier and fund band, or an explicit strategic decision. */
export function unmetCriteria(
  state: RegisteredState,
  data: {
    readonly criterion: KeyAccount['criterion'];
    readonly tier: string | null;
    readonly rule: KeyAccountRule;
  },
): string[] {
  if (data.criterion === 'strategic') {
    return data.rule.allowStrategic
      ? []
      : ['strategic designation is not allowed by the configured criteria'];
  }
  const unmet: string[] = [];
  const band = fundBandOf(state.expectedAnnualPurchase, data.rule.thresholds);
  if (band === null || !data.rule.fundBands.includes(band)) {
    unmet.push(
      `fund band must be one of ${data.rule.fundBands.join(', ')} (is ${band ?? 'unknown'})`,
    );
  }
  if (data.tier !== null && !data.rule.tiers.includes(data.tier)) {
    unmet.push(`tier must be one of ${data.rule.tiers.join(', ')} (is ${data.tier})`);
  }
  return unmet;
}

/**
 * D11: points earned before the cut-off that have not been used expire. Points are used oldest
 * first, so what expires is what was earned before the cut-off (net of refunds) beyond what has
 * been redeemed or expired already — never more than the balance.
 */
export function expiringPoints(state: RegisteredState, earnedBefore: Date): number {
  const cutoff = earnedBefore.toISOString();
  const earnedEarlier = Object.values(state.purchases)
    .filter((purchase) => purchase.occurredAt < cutoff)
    .reduce((sum, purchase) => sum + purchase.pointsEarned - purchase.pointsReversed, 0);
  return Math.max(0, Math.min(earnedEarlier - state.pointsUsed, state.pointsBalance));
}

/** Applies a change map to a record: a value sets a key, null removes it. */
function patched<T extends object>(current: T, changes: Readonly<Record<string, unknown>>): T {
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as T;
}

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'CustomerRegistered') {
    return {
      registered: true,
      ...event.data,
      contacts: {},
      purchases: {},
      orderKeys: {},
      revenueMinor: 0n,
      pointsBalance: 0,
      pointsUsed: 0,
      keyAccount: null,
      mergedInto: null,
      absorbed: [],
      erasedAt: null,
      notDuplicates: [],
    } as CustomerState;
  }
  if (!state.registered) return state;
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return patched(state, event.data.changes);
    case 'CustomerOwnerAssigned': {
      const { keyAccountManagerId: _, ...rest } = state;
      return {
        ...rest,
        ownerId: event.data.ownerId,
        ...(event.data.keyAccountManagerId === null
          ? {}
          : { keyAccountManagerId: event.data.keyAccountManagerId }),
      };
    }
    case 'ContactAdded':
      return {
        ...state,
        contacts: {
          ...state.contacts,
          [event.data.contactId]: { contactId: event.data.contactId, ...event.data.contact },
        },
      };
    case 'ContactUpdated': {
      const contact = state.contacts[event.data.contactId];
      if (!contact) return state;
      return {
        ...state,
        contacts: { ...state.contacts, [contact.contactId]: patched(contact, event.data.changes) },
      };
    }
    case 'ContactRemoved': {
      const { [event.data.contactId]: _, ...contacts } = state.contacts;
      return { ...state, contacts };
    }
    case 'PurchaseRecorded': {
      const booked = moneyFromData(event.data.booked);
      return {
        ...state,
        purchases: {
          ...state.purchases,
          [event.data.purchaseId]: {
            amount: moneyFromData(event.data.amount),
            booked,
            refundedMinor: 0n,
            refundedBookedMinor: 0n,
            pointsEarned: 0,
            pointsReversed: 0,
            occurredAt: event.data.occurredAt,
          },
        },
        orderKeys: {
          ...state.orderKeys,
          [orderKeyOf(event.data.sourceSystem, event.data.orderReference)]: event.data.purchaseId,
        },
        revenueMinor: state.revenueMinor + booked.minor,
      };
    }
    case 'PointsEarned':
      return {
        ...withPurchase(state, event.data.purchaseId, (p) => ({
          ...p,
          pointsEarned: p.pointsEarned + event.data.points,
        })),
        pointsBalance: state.pointsBalance + event.data.points,
      };
    case 'PurchaseReversed': {
      const minor = BigInt(event.data.amount.minor);
      const bookedMinor = BigInt(event.data.booked.minor);
      return {
        ...withPurchase(state, event.data.originalPurchaseId, (p) => ({
          ...p,
          refundedMinor: p.refundedMinor + minor,
          refundedBookedMinor: p.refundedBookedMinor + bookedMinor,
        })),
        revenueMinor: state.revenueMinor - bookedMinor,
      };
    }
    case 'PointsReversed':
      return {
        ...withPurchase(state, event.data.purchaseId, (p) => ({
          ...p,
          pointsReversed: p.pointsReversed + event.data.points,
        })),
        pointsBalance: state.pointsBalance - event.data.points,
      };
    case 'PointsRedeemed':
    case 'PointsExpired':
      return {
        ...state,
        pointsBalance: state.pointsBalance - event.data.points,
        pointsUsed: state.pointsUsed + event.data.points,
      };
    case 'KeyAccountDesignated': {
      const { customerId: _, designatedAt, ...rest } = event.data;
      return { ...state, keyAccount: { ...rest, designatedAt } };
    }
    case 'KeyAccountRetired':
      return { ...state, keyAccount: null };
    case 'CustomerErased':
      return erased(state, event.data.erasedAt);
    case 'CustomerMerged':
      return event.data.role === 'duplicate'
        ? { ...state, mergedInto: event.data.survivorId }
        : absorbed(state, event.data);
    case 'PossibleDuplicateDismissed':
      return { ...state, notDuplicates: [...state.notDuplicates, event.data.otherCustomerId] };
  }
}

/** The state without personal data (what the stream reads as once the data key is gone). */
function erased(state: RegisteredState, erasedAt: string): RegisteredState {
  const { address: _a, phone: _p, email: _e, website: _w, taxNumber: _t, ...rest } = state;
  const contacts = Object.fromEntries(
    Object.values(state.contacts).map((contact) => {
      const {
        title: _ti,
        phone: _ph,
        email: _em,
        wechat: _we,
        birthday: _bi,
        anniversaries: _an,
        ...kept
      } = contact;
      return [contact.contactId, { ...kept, name: ERASED_TEXT }];
    }),
  );
  return { ...rest, name: ERASED_TEXT, contacts, erasedAt };
}

function absorbed(state: RegisteredState, data: Merged): RegisteredState {
  const carried = data.carried;
  if (!carried) return state;
  const purchases = { ...state.purchases };
  const orderKeys = { ...state.orderKeys };
  for (const p of carried.purchases) {
    purchases[p.purchaseId] = {
      amount: moneyFromData(p.amount),
      booked: moneyFromData(p.booked),
      refundedMinor: BigInt(p.refunded.minor),
      refundedBookedMinor: BigInt(p.refundedBooked.minor),
      pointsEarned: p.pointsEarned,
      pointsReversed: p.pointsReversed,
      occurredAt: p.occurredAt,
    };
    orderKeys[orderKeyOf(p.sourceSystem, p.orderReference)] = p.purchaseId;
  }
  const contacts = { ...state.contacts };
  for (const { contactId, contact } of carried.contacts)
    contacts[contactId] = { contactId, ...contact };
  return {
    ...state,
    purchases,
    orderKeys,
    contacts,
    revenueMinor: state.revenueMinor + BigInt(carried.revenue.minor),
    pointsBalance: state.pointsBalance + carried.pointsBalance,
    pointsUsed: state.pointsUsed + carried.pointsUsed,
    absorbed: [...state.absorbed, data.duplicateId],
  };
}

function withPurchase(
  state: RegisteredState,
  purchaseId: string,
  change: (purchase: PurchaseFacts) => PurchaseFacts,
): RegisteredState {
  const purchase = state.purchases[purchaseId];
  if (!purchase) return state;
  return { ...state, purchases: { ...state.purchases, [purchaseId]: change(purchase) } };
}

/** The customer aggregate as the command handler runs it. */
export const customerDecider: Decider<CustomerState, CustomerCommand, CustomerEvent> = {
  initialState: initialCustomerState,
  evolve: evolveCustomer,
  decide: decideCustomer,
};
