import type { ContactData, CustomerEvent, Money } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';

export type CustomerNature =
  'government' | 'special_company' | 'ordinary_company' | 'business_partner' | 'individual';

export type Registered = Extract<CustomerEvent, { type: 'CustomerRegistered' }>['data'];

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
  /** The refunds applied to it: a retry of one (same reversal id) is answered, not applied again. */
  readonly reversalIds?: readonly string[];
  /** The business date the points were earned on. */
  readonly occurredAt: string;
}

/** D11: a service voucher, issued by a redemption (its id is the redemption's). */
export interface Voucher {
  readonly voucher: string;
  readonly points: number;
  readonly redeemedAt: string;
  /** The purchase it was used on; absent while it is open. */
  readonly usedOn?: string;
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
  /** `<source>\n<externalReference>` → surveyId: the surveys this customer already answered (D6). */
  readonly surveyKeys: Readonly<Record<string, string>>;
  /** Net revenue booked, in minor units of the company currency. */
  readonly revenueMinor: bigint;
  readonly pointsBalance: number;
  /** Points redeemed or expired so far: used oldest-first when deciding what expires. */
  readonly pointsUsed: number;
  /** The vouchers its redemptions issued, by voucher id. */
  readonly vouchers: Readonly<Record<string, Voucher>>;
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

/** The customer as its stream tells it: the profile card (D1) once registered. */
export type CustomerState =
  | { readonly registered: false }
  | ({ readonly registered: true } & CustomerProfile & CustomerFacts);

export type RegisteredState = Extract<CustomerState, { registered: true }>;

export const initialCustomerState: CustomerState = { registered: false };

/** A command to the customer: what to do, with what, and when (time is passed in). */
export interface CommandOf<TType extends string, TData> {
  readonly type: TType;
  readonly data: TData;
  readonly now: Date;
}

/** The events of the given types, for the capability that folds them. */
export type EventOf<TType extends CustomerEvent['type']> = Extract<CustomerEvent, { type: TType }>;

export const orderKeyOf = (sourceSystem: string, orderReference: string): string =>
  `${sourceSystem}\n${orderReference}`;

export const notFound = (what: string): CustomerError =>
  new CustomerError(CustomerErrorCode.NotFound, `customer ${what} not found`, { customerId: what });

/** Drops the keys whose value would not change the card: an update that changes nothing emits nothing. */
export function effectiveChanges<T extends object>(current: object, changes: T): Partial<T> {
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

/** Applies a change map to a record: a value sets a key, null removes it. */
export function patched<T extends object>(
  current: T,
  changes: Readonly<Record<string, unknown>>,
): T {
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as T;
}

export function withPurchase(
  state: RegisteredState,
  purchaseId: string,
  change: (purchase: PurchaseFacts) => PurchaseFacts,
): RegisteredState {
  const purchase = state.purchases[purchaseId];
  if (!purchase) return state;
  return { ...state, purchases: { ...state.purchases, [purchaseId]: change(purchase) } };
}
