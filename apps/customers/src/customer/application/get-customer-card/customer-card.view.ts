import { formatMajor, toMajorNumber, type Money } from '@crm/contracts';
import { maskValue } from '@crm/platform';
import type {
  Contact,
  CustomerState,
  KeyAccount,
  Voucher,
} from '@apps/customers/src/customer/domain/customer.state';
import {
  fundBandOf,
  type FundBand,
  type FundBandThresholds,
} from '@apps/customers/src/customer/domain/fund-band';

type RegisteredState = Extract<CustomerState, { registered: true }>;

export interface CardVoucher extends Voucher {
  readonly voucherId: string;
}

/** The profile card as the API shows it: what was typed in, plus read-only computed figures. */
export interface CustomerCardView {
  readonly customerId: string;
  readonly name: string;
  readonly nature: string;
  readonly region: string;
  readonly ownerId: string;
  readonly registeredAt: string;
  readonly [field: string]: unknown;
  readonly contacts: readonly Contact[];
  readonly fundBand: FundBand | null;
  readonly keyAccount: KeyAccount | null;
  /** Computed by analytics (D3, D5, D6); null until analytics has published a figure. */
  readonly tier: string | null;
  readonly csi: number | null;
  readonly lifecycle: string | null;
  readonly pointsBalance: number;
  /** D11: the service vouchers its redemptions issued, oldest first; `usedOn` once used. */
  readonly vouchers: readonly CardVoucher[];
  /**
   * Net revenue in the company currency (ADR 90): `minor` and `major` are exact decimal strings;
   * `amount` is the same as a JSON number for existing clients (rounded beyond 2^53).
   */
  readonly revenue: {
    readonly amount: number;
    readonly currency: string;
    readonly minor: string;
    readonly major: string;
  };
  readonly mergedInto: string | null;
  readonly absorbed: readonly string[];
  readonly erasedAt: string | null;
  readonly notDuplicates: readonly string[];
  readonly version: number;
}

const CUSTOMER_PERSONAL_FIELDS = ['phone', 'email'] as const;
/**
 * A person's card (nature `individual`) is personal data further: where they live, their tax
 * number (an identity number for a person), their own web site and, on their contacts, the titles
 * that say who they are to that person.
 */
const INDIVIDUAL_PERSONAL_FIELDS = ['address', 'taxNumber', 'website'] as const;
const CONTACT_PERSONAL_FIELDS = ['name', 'phone', 'email', 'wechat', 'birthday'] as const;
const INDIVIDUAL_CONTACT_PERSONAL_FIELDS = ['title'] as const;

function maskContact(contact: Contact, individual: boolean): Contact {
  const masked: Record<string, unknown> = { ...contact };
  const fields = individual
    ? [...CONTACT_PERSONAL_FIELDS, ...INDIVIDUAL_CONTACT_PERSONAL_FIELDS]
    : CONTACT_PERSONAL_FIELDS;
  for (const field of fields) {
    const value = contact[field];
    if (typeof value === 'string') masked[field] = maskValue(value);
  }
  if (contact.anniversaries)
    masked['anniversaries'] = contact.anniversaries.map((a) => ({ label: a.label, date: '***' }));
  return masked as unknown as Contact;
}

const cardRevenue = (money: Money): CustomerCardView['revenue'] => ({
  amount: toMajorNumber(money),
  currency: money.currency,
  minor: money.minor.toString(),
  major: formatMajor(money),
});

export function toCardView(
  state: RegisteredState,
  version: number,
  options: {
    readonly thresholds: FundBandThresholds;
    readonly currency: string;
    readonly masked: boolean;
    /** What analytics computed for the customer (from the cards read model); null until known. */
    readonly figures?: {
      readonly tier: string | null;
      readonly lifecycle: string | null;
      readonly csi: number | null;
    };
  },
): CustomerCardView {
  const {
    registered: _,
    contacts,
    purchases: _p,
    orderKeys: _o,
    surveyKeys: _s,
    pointsUsed: _u,
    vouchers,
    revenueMinor,
    ...profile
  } = state;
  const card: typeof profile & Record<string, unknown> = { ...profile };
  const contactList = Object.values(contacts);
  const individual = state.nature === 'individual';
  if (options.masked) {
    const fields = individual
      ? [...CUSTOMER_PERSONAL_FIELDS, ...INDIVIDUAL_PERSONAL_FIELDS]
      : CUSTOMER_PERSONAL_FIELDS;
    for (const field of fields) {
      const value = profile[field];
      if (typeof value === 'string') card[field] = maskValue(value);
    }
  }
  return {
    ...card,
    contacts: options.masked
      ? contactList.map((contact) => maskContact(contact, individual))
      : contactList,
    fundBand: fundBandOf(state.expectedAnnualPurchase, options.thresholds),
    tier: options.figures?.tier ?? null,
    csi: options.figures?.csi ?? null,
    lifecycle: options.figures?.lifecycle ?? null,
    vouchers: Object.entries(vouchers)
      .map(([voucherId, voucher]) => ({ voucherId, ...voucher }))
      .sort((a, b) => a.redeemedAt.localeCompare(b.redeemedAt)),
    revenue: cardRevenue({ minor: revenueMinor, currency: options.currency }),
    version,
  } as CustomerCardView;
}
