import { z } from 'zod';
import { sealedDataSchema, sealedVersion } from './sealed-data';
import { defineEvent, type DomainEventOf } from './event-definition';
import {
  currencyCode,
  currencyDigits,
  divideHalfEven,
  moneySchema,
  rateText,
  type MoneyData,
} from './money';
import { longText, text, withSafeCharacters } from './safe-text';
import { COMPLAINT_CHANNELS } from './complaint-workflow';
import {
  BUYING_ROLE_FOCUSES,
  BUYING_ROLES,
  CUSTOMER_NATURES,
  CUSTOMER_SOURCES,
} from './customer-catalogue';

export { BUYING_ROLE_FOCUSES, BUYING_ROLES, CUSTOMER_NATURES, CUSTOMER_SOURCES };

export const PERSONALITIES = ['eagle', 'sheep', 'donkey'] as const;
export const VALUE_ORIENTATIONS = ['relationship', 'value_for_money', 'time_efficiency'] as const;
export const TRANSACTION_STAGES = ['will_transact', 'transacting', 'transacted'] as const;
export const KEY_ACCOUNT_CRITERIA = ['tier_and_fund_band', 'strategic'] as const;

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
};

// A contract schema has no service clock: a birthday is checked against the real today.
// eslint-disable-next-line no-restricted-syntax -- declared once for events and requests
const pastDate = z.iso.date().refine((value) => value <= new Date().toISOString().slice(0, 10), {
  message: 'must not be in the future',
});

/**
 * The fields of the profile card (D1), declared once: events carry them and the HTTP requests
 * validate them with the same rules. Computed figures (tier, CSI, lifecycle, points, fund band)
 * are not among them: they are never written.
 */
export const customerProfileFields = {
  name: text(200),
  code: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be 1-40 letters, digits, - or _'),
  nature: z.enum(CUSTOMER_NATURES),
  industry: text(100),
  region: text(100),
  city: text(100),
  address: text(300),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 ()-]{4,24}$/, 'must be a phone number, e.g. +86 571 8888 0000'),
  email: z.email().max(200),
  website: withSafeCharacters(z.url({ protocol: /^https?$/ }).max(300)),
  taxNumber: z.string().regex(/^[0-9A-Z]{8,30}$/, 'must be 8-30 upper-case letters or digits'),
  source: z.enum(CUSTOMER_SOURCES),
  personality: z.enum(PERSONALITIES),
  valueOrientation: z.enum(VALUE_ORIENTATIONS),
  /** In the company currency; the fund-size band is derived from it. */
  expectedAnnualPurchase: z.number().finite().min(0).max(1e12),
  transactionStage: z.enum(TRANSACTION_STAGES),
} as const;

/** Everything on the card but identity-defining name/nature/region and the owner: optional. */
export const optionalProfileFields = {
  code: customerProfileFields.code.optional(),
  industry: customerProfileFields.industry.optional(),
  city: customerProfileFields.city.optional(),
  address: customerProfileFields.address.optional(),
  phone: customerProfileFields.phone.optional(),
  email: customerProfileFields.email.optional(),
  website: customerProfileFields.website.optional(),
  taxNumber: customerProfileFields.taxNumber.optional(),
  source: customerProfileFields.source.optional(),
  personality: customerProfileFields.personality.optional(),
  valueOrientation: customerProfileFields.valueOrientation.optional(),
  expectedAnnualPurchase: customerProfileFields.expectedAnnualPurchase.optional(),
  transactionStage: customerProfileFields.transactionStage.optional(),
} as const;

export const anniversarySchema = z.object({ label: text(100), date: z.iso.date() }).strict();

/** The fields of a contact at the customer (D1). */
export const contactFields = {
  name: text(100),
  title: text(100),
  phone: customerProfileFields.phone,
  email: customerProfileFields.email,
  wechat: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_-]{5,19}$/,
      'must be a WeChat id: 6-20 characters, starting with a letter',
    ),
  birthday: pastDate,
  anniversaries: z.array(anniversarySchema).max(20),
  timeZone: withSafeCharacters(z.string().max(64)).refine(isTimeZone, {
    message: 'must be an IANA time zone, e.g. Asia/Shanghai',
  }),
  buyingRole: z.enum(BUYING_ROLES),
  buyingRoleFocus: z.enum(BUYING_ROLE_FOCUSES),
  optedOut: z.boolean(),
} as const;

export const contactSchema = z
  .object({
    name: contactFields.name,
    title: contactFields.title.optional(),
    phone: contactFields.phone.optional(),
    email: contactFields.email.optional(),
    wechat: contactFields.wechat.optional(),
    birthday: contactFields.birthday.optional(),
    anniversaries: contactFields.anniversaries.optional(),
    timeZone: contactFields.timeZone.optional(),
    buyingRole: contactFields.buyingRole.optional(),
    buyingRoleFocus: contactFields.buyingRoleFocus.optional(),
    optedOut: contactFields.optedOut.optional(),
  })
  .strict();

export type ContactData = z.infer<typeof contactSchema>;

/** A change to optional fields: a value sets it, null clears it. */
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const profileChangesSchema = z
  .object({
    name: customerProfileFields.name.optional(),
    nature: customerProfileFields.nature.optional(),
    region: customerProfileFields.region.optional(),
    code: nullable(customerProfileFields.code),
    industry: nullable(customerProfileFields.industry),
    city: nullable(customerProfileFields.city),
    address: nullable(customerProfileFields.address),
    phone: nullable(customerProfileFields.phone),
    email: nullable(customerProfileFields.email),
    website: nullable(customerProfileFields.website),
    taxNumber: nullable(customerProfileFields.taxNumber),
    source: nullable(customerProfileFields.source),
    personality: nullable(customerProfileFields.personality),
    valueOrientation: nullable(customerProfileFields.valueOrientation),
    expectedAnnualPurchase: nullable(customerProfileFields.expectedAnnualPurchase),
    transactionStage: nullable(customerProfileFields.transactionStage),
  })
  .strict();

export type ProfileChanges = z.infer<typeof profileChangesSchema>;

export const contactChangesSchema = z
  .object({
    name: contactFields.name.optional(),
    title: nullable(contactFields.title),
    phone: nullable(contactFields.phone),
    email: nullable(contactFields.email),
    wechat: nullable(contactFields.wechat),
    birthday: nullable(contactFields.birthday),
    anniversaries: nullable(contactFields.anniversaries),
    timeZone: nullable(contactFields.timeZone),
    buyingRole: nullable(contactFields.buyingRole),
    buyingRoleFocus: nullable(contactFields.buyingRoleFocus),
    optedOut: nullable(contactFields.optedOut),
  })
  .strict();

export type ContactChanges = z.infer<typeof contactChangesSchema>;

const id = z.string().min(1).max(200);
const money = z.number().finite().positive().max(1e12);
const currency = z.string().regex(/^[A-Z]{3}$/);

export const customerRegisteredV1 = defineEvent({
  context: 'customers',
  name: 'CustomerRegistered',
  version: 1,
  description:
    'A customer was registered: the first event of its stream (D1). All fields after ownerId were ' +
    'added later, compatibly (all optional).',
  schema: z
    .object({
      customerId: id,
      name: z.string().min(1).max(200),
      nature: z.enum(CUSTOMER_NATURES),
      region: z.string().min(1).max(100),
      ownerId: z.string().min(1).max(100),
      registeredAt: z.iso.datetime(),
      keyAccountManagerId: id.optional(),
      ...optionalProfileFields,
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    name: 'Hangzhou Lianhua Trading Co.',
    nature: 'ordinary_company',
    region: 'east',
    ownerId: 'rep-17',
    registeredAt: '2026-11-24T08:00:00.000Z',
    code: 'HZ-LH-001',
    industry: 'retail',
    city: 'Hangzhou',
    phone: '+86 571 8888 0000',
    source: 'exhibition',
    personality: 'eagle',
    expectedAnnualPurchase: 650000,
    transactionStage: 'will_transact',
  },
});

export const customerProfileUpdatedV1 = defineEvent({
  context: 'customers',
  name: 'CustomerProfileUpdated',
  version: 1,
  description: 'Fields of the profile card changed (D1): a value sets a field, null clears it.',
  schema: z
    .object({ customerId: id, changes: profileChangesSchema, updatedAt: z.iso.datetime() })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    changes: { city: 'Ningbo', expectedAnnualPurchase: 120000, website: null },
    updatedAt: '2026-11-25T09:30:00.000Z',
  },
});

export const customerOwnerAssigned = defineEvent({
  context: 'customers',
  name: 'CustomerOwnerAssigned',
  version: 1,
  description: 'The account manager (owner) and/or key-account manager of a customer changed (D1).',
  schema: z
    .object({
      customerId: id,
      ownerId: id,
      previousOwnerId: id,
      keyAccountManagerId: id.nullable(),
      assignedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    ownerId: 'rep-21',
    previousOwnerId: 'rep-17',
    keyAccountManagerId: null,
    assignedAt: '2026-11-25T09:30:00.000Z',
  },
});

export const contactAddedV1 = defineEvent({
  context: 'customers',
  name: 'ContactAdded',
  version: 1,
  description: 'A contact person at the customer was added to the card (D1).',
  schema: z
    .object({ customerId: id, contactId: id, contact: contactSchema, addedAt: z.iso.datetime() })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    contactId: '01937a1e-2222-7000-8000-000000000001',
    contact: {
      name: 'Wang Li',
      title: 'Purchasing director',
      phone: '+86 138 0000 0000',
      wechat: 'wangli_hz',
      birthday: '1980-05-17',
      anniversaries: [{ label: 'joined the company', date: '2010-09-01' }],
      timeZone: 'Asia/Shanghai',
      buyingRole: 'decider',
      optedOut: false,
    },
    addedAt: '2026-11-25T09:30:00.000Z',
  },
});

export const contactUpdatedV1 = defineEvent({
  context: 'customers',
  name: 'ContactUpdated',
  version: 1,
  description: 'Fields of a contact changed: a value sets a field, null clears it (D1).',
  schema: z
    .object({
      customerId: id,
      contactId: id,
      changes: contactChangesSchema,
      updatedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    contactId: '01937a1e-2222-7000-8000-000000000001',
    changes: { title: 'Vice president', optedOut: true, wechat: null },
    updatedAt: '2026-11-26T09:30:00.000Z',
  },
});

export const contactRemoved = defineEvent({
  context: 'customers',
  name: 'ContactRemoved',
  version: 1,
  description: 'A contact was removed from the card (D1).',
  schema: z.object({ customerId: id, contactId: id, removedAt: z.iso.datetime() }).strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    contactId: '01937a1e-2222-7000-8000-000000000001',
    removedAt: '2026-11-27T09:30:00.000Z',
  },
});

export const purchaseRecordedV1 = defineEvent({
  context: 'customers',
  name: 'PurchaseRecorded',
  version: 1,
  description:
    'A purchase (D2). occurredAt is the business date (may be back-dated); (sourceSystem, ' +
    'orderReference) is unique: a replayed import never records it twice.',
  schema: z
    .object({
      customerId: id,
      purchaseId: id,
      amount: money,
      currency,
      occurredAt: z.iso.datetime(),
      productLine: z.string().min(1).max(100),
      sourceSystem: z.string().min(1).max(50),
      orderReference: z.string().min(1).max(100),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    purchaseId: '01937a1e-3333-7000-8000-000000000001',
    amount: 12800.5,
    currency: 'CNY',
    occurredAt: '2026-10-02T00:00:00.000Z',
    productLine: 'industrial-pumps',
    sourceSystem: 'erp-sap',
    orderReference: 'SO-2026-004711',
  },
});

export const purchaseReversedV1 = defineEvent({
  context: 'customers',
  name: 'PurchaseReversed',
  version: 1,
  description: 'A refund or return: a negative purchase referencing the original (D2).',
  schema: z
    .object({
      customerId: id,
      reversalId: id,
      originalPurchaseId: id,
      amount: money,
      currency,
      occurredAt: z.iso.datetime(),
      reason: z.string().min(1).max(500),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    reversalId: '01937a1e-4444-7000-8000-000000000001',
    originalPurchaseId: '01937a1e-3333-7000-8000-000000000001',
    amount: 800.5,
    currency: 'CNY',
    occurredAt: '2026-10-09T00:00:00.000Z',
    reason: 'one pump returned damaged',
  },
});

export const pointsEarned = defineEvent({
  context: 'customers',
  name: 'PointsEarned',
  version: 1,
  description: 'Points earned on a purchase at the configured rate (D11).',
  schema: z
    .object({
      customerId: id,
      purchaseId: id,
      points: z.number().int().positive(),
      earnedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    purchaseId: '01937a1e-3333-7000-8000-000000000001',
    points: 128,
    earnedAt: '2026-10-02T00:00:00.000Z',
  },
});

export const pointsRedeemed = defineEvent({
  context: 'customers',
  name: 'PointsRedeemed',
  version: 1,
  description: 'Points redeemed for a service voucher, usable on a later purchase (D11).',
  schema: z
    .object({
      customerId: id,
      redemptionId: id,
      points: z.number().int().positive(),
      voucher: z.string().min(1).max(100),
      redeemedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    redemptionId: '01937a1e-5555-7000-8000-000000000001',
    points: 100,
    voucher: 'free-maintenance-visit',
    redeemedAt: '2026-11-02T10:00:00.000Z',
  },
});

export const pointsExpired = defineEvent({
  context: 'customers',
  name: 'PointsExpired',
  version: 1,
  description:
    'Points earned before `earnedBefore` and not used by then expired (D11); the oldest points are ' +
    'taken to be used first.',
  schema: z
    .object({
      customerId: id,
      points: z.number().int().positive(),
      earnedBefore: z.iso.datetime(),
      expiredAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    points: 20,
    earnedBefore: '2025-11-24T00:00:00.000Z',
    expiredAt: '2026-11-24T00:00:00.000Z',
  },
});

export const voucherUsed = defineEvent({
  context: 'customers',
  name: 'VoucherUsed',
  version: 1,
  description:
    'A service voucher (the redemption that issued it, `voucherId` = its `redemptionId`) was used ' +
    'on a purchase dated after the redemption; a voucher is used once (D11).',
  schema: z
    .object({
      customerId: id,
      voucherId: id,
      purchaseId: id,
      usedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    voucherId: '01937a1e-5555-7000-8000-000000000001',
    purchaseId: '01937a1e-2222-7000-8000-000000000001',
    usedAt: '2026-12-02T10:00:00.000Z',
  },
});

export const pointsReversed = defineEvent({
  context: 'customers',
  name: 'PointsReversed',
  version: 1,
  description:
    'Points taken back with a refund (D11), in proportion to the refunded amount and never more ' +
    'than the balance.',
  schema: z
    .object({
      customerId: id,
      reversalId: id,
      purchaseId: id,
      points: z.number().int().positive(),
      reversedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    reversalId: '01937a1e-4444-7000-8000-000000000001',
    purchaseId: '01937a1e-3333-7000-8000-000000000001',
    points: 8,
    reversedAt: '2026-10-09T00:00:00.000Z',
  },
});

export const keyAccountDesignated = defineEvent({
  context: 'customers',
  name: 'KeyAccountDesignated',
  version: 1,
  description:
    'The customer became a key account by a written criterion (D8), with its key-account manager ' +
    'and executive sponsor; slot is its place under the cap.',
  schema: z
    .object({
      customerId: id,
      criterion: z.enum(KEY_ACCOUNT_CRITERIA),
      reason: z.string().min(1).max(1000),
      keyAccountManagerId: id,
      executiveSponsorId: id,
      slot: z.number().int().positive(),
      designatedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    criterion: 'tier_and_fund_band',
    reason: 'fund band key, tier A in the 2026-11 review',
    keyAccountManagerId: 'kam-3',
    executiveSponsorId: 'vp-sales-1',
    slot: 4,
    designatedAt: '2026-11-28T10:00:00.000Z',
  },
});

export const keyAccountRetired = defineEvent({
  context: 'customers',
  name: 'KeyAccountRetired',
  version: 1,
  description: 'The customer is no longer a key account (D8 periodic review).',
  schema: z
    .object({
      customerId: id,
      reason: z.string().min(1).max(1000),
      slot: z.number().int().positive(),
      retiredAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    reason: 'no longer meets the criteria in the 2027-05 review',
    slot: 4,
    retiredAt: '2027-05-28T10:00:00.000Z',
  },
});

export const ERASURE_REASONS = [
  'data_subject_request',
  'retention_period_ended',
  'legal_order',
] as const;

export const customerErased = defineEvent({
  context: 'customers',
  name: 'CustomerErased',
  version: 1,
  description:
    "The customer's personal data was erased (personal-information law): its data key is deleted, " +
    'so the personal fields of its earlier events read as redacted ("[erased]" or absent) from now ' +
    'on. Consumers drop every personal field they hold about the customer. Purchases, amounts and ' +
    'dates are not personal: revenue and tiers still count them. The reason is a fixed code and ' +
    'the reference a ticket number: never personal text.',
  schema: z
    .object({
      customerId: id,
      reason: z.enum(ERASURE_REASONS),
      requestReference: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,99}$/, 'must be a ticket reference')
        .optional(),
      erasedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    reason: 'data_subject_request',
    requestReference: 'PIPL-2026-0042',
    erasedAt: '2026-12-01T10:00:00.000Z',
  },
});

const carriedPurchaseV1 = z
  .object({
    purchaseId: id,
    amount: money,
    refundedAmount: z.number().finite().min(0).max(1e12),
    currency,
    occurredAt: z.iso.datetime(),
    sourceSystem: z.string().min(1).max(50),
    orderReference: z.string().min(1).max(100),
    pointsEarned: z.number().int().min(0),
    pointsReversed: z.number().int().min(0),
  })
  .strict();

export const customerMergedV1 = defineEvent({
  context: 'customers',
  name: 'CustomerMerged',
  version: 1,
  description:
    'A duplicate customer was merged into a survivor. Appended to both streams: on the ' +
    'duplicate\'s (role "duplicate": it is read-only from now on and points to the survivor) and ' +
    'then on the survivor\'s (role "survivor", with `carried`: the duplicate\'s purchases with their ' +
    'refunds and points, its points balance and used points, its contacts). Consumers re-point ' +
    'what they hold about the duplicate to the survivor and must not count the carried purchases ' +
    "twice: they are the duplicate's PurchaseRecorded events, now belonging to the survivor.",
  schema: z
    .object({
      customerId: id,
      role: z.enum(['duplicate', 'survivor']),
      duplicateId: id,
      survivorId: id,
      carried: z
        .object({
          purchases: z.array(carriedPurchaseV1).max(100_000),
          revenue: z.number().finite(),
          pointsBalance: z.number().int().min(0),
          pointsUsed: z.number().int().min(0),
          contacts: z.array(z.object({ contactId: id, contact: contactSchema }).strict()).max(500),
        })
        .strict()
        .optional(),
      mergedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    role: 'survivor',
    duplicateId: '01937a1e-1111-7000-8000-000000000002',
    survivorId: '01937a1e-1111-7000-8000-000000000001',
    carried: {
      purchases: [
        {
          purchaseId: '01937a1e-3333-7000-8000-000000000009',
          amount: 5000,
          refundedAmount: 0,
          currency: 'CNY',
          occurredAt: '2026-09-02T00:00:00.000Z',
          sourceSystem: 'erp-sap',
          orderReference: 'SO-2026-003100',
          pointsEarned: 50,
          pointsReversed: 0,
        },
      ],
      revenue: 5000,
      pointsBalance: 50,
      pointsUsed: 0,
      contacts: [
        {
          contactId: '01937a1e-2222-7000-8000-000000000009',
          contact: { name: 'Li Na', buyingRole: 'buyer' },
        },
      ],
    },
    mergedAt: '2026-12-01T10:00:00.000Z',
  },
});

export const possibleDuplicateDismissed = defineEvent({
  context: 'customers',
  name: 'PossibleDuplicateDismissed',
  version: 1,
  description:
    'A reviewer decided that another customer flagged as a likely duplicate of this one (same ' +
    'normalised name, phone, e-mail or tax number) is a different customer: the pair leaves the ' +
    'duplicate review and is not flagged again.',
  schema: z.object({ customerId: id, otherCustomerId: id, dismissedAt: z.iso.datetime() }).strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000002',
    otherCustomerId: '01937a1e-1111-7000-8000-000000000001',
    dismissedAt: '2026-12-01T10:00:00.000Z',
  },
});

/**
 * Version 1 events carried amounts as JSON numbers in major units, always in the company currency
 * (the customers service refused any other): read now, they become exact minor units of the same
 * currency, booked as they are (rounded half to even to the currency's decimals, which v1 never
 * exceeded for CNY).
 */
function v1Amount(amount: number, currency: string): MoneyData {
  const digits = currencyDigits(currency) ?? 2;
  const [whole = '0', fraction = ''] = amount.toFixed(6).split('.');
  const scaled = BigInt(whole + fraction);
  const minor = divideHalfEven(scaled, 10n ** BigInt(6 - digits));
  return { minor: minor.toString(), currency };
}

/** The rate a foreign-currency amount was booked at (ADR 90): configured, in force on `rateDate`. */
export const exchangeApplied = z
  .object({
    rate: rateText,
    /** The date the rate applies from: the one in force on the business date of the purchase. */
    rateDate: z.iso.date(),
    source: z.enum(['configured']),
  })
  .strict();

export const purchaseRecorded = defineEvent({
  context: 'customers',
  name: 'PurchaseRecorded',
  version: 2,
  description:
    'A purchase (D2). occurredAt is the business date (may be back-dated); (sourceSystem, ' +
    'orderReference) is unique: a replayed import never records it twice. Version 2 (ADR 90): ' +
    '`amount` is exact money as charged ({minor, currency}: integer minor units as a decimal ' +
    'string); `booked` is the same amount in the company currency, what revenue, tiers and points ' +
    'count; `exchange` names the rate and its date when the two currencies differ.',
  schema: z
    .object({
      customerId: id,
      purchaseId: id,
      amount: moneySchema,
      booked: moneySchema,
      exchange: exchangeApplied.optional(),
      occurredAt: z.iso.datetime(),
      productLine: z.string().min(1).max(100),
      sourceSystem: z.string().min(1).max(50),
      orderReference: z.string().min(1).max(100),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    purchaseId: '01937a1e-3333-7000-8000-000000000001',
    amount: { minor: '180000', currency: 'USD' },
    booked: { minor: '1282212', currency: 'CNY' },
    exchange: { rate: '7.1234', rateDate: '2026-10-01', source: 'configured' },
    occurredAt: '2026-10-02T00:00:00.000Z',
    productLine: 'industrial-pumps',
    sourceSystem: 'erp-sap',
    orderReference: 'SO-2026-004711',
  },
  upcast: (data) => {
    const { amount, currency, ...rest } = purchaseRecordedV1.schema.parse(data);
    const money = v1Amount(amount, currency);
    return { ...rest, amount: money, booked: money };
  },
});

export const purchaseReversed = defineEvent({
  context: 'customers',
  name: 'PurchaseReversed',
  version: 2,
  description:
    'A refund or return: a negative purchase referencing the original (D2). Version 2 (ADR 90): ' +
    '`amount` is in the currency of the original purchase, `booked` the same in the company ' +
    'currency at the rate the original was booked at (so a full refund takes back exactly what ' +
    'was counted).',
  schema: z
    .object({
      customerId: id,
      reversalId: id,
      originalPurchaseId: id,
      amount: moneySchema,
      booked: moneySchema,
      occurredAt: z.iso.datetime(),
      reason: z.string().min(1).max(500),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    reversalId: '01937a1e-4444-7000-8000-000000000001',
    originalPurchaseId: '01937a1e-3333-7000-8000-000000000001',
    amount: { minor: '80050', currency: 'CNY' },
    booked: { minor: '80050', currency: 'CNY' },
    occurredAt: '2026-10-09T00:00:00.000Z',
    reason: 'one pump returned damaged',
  },
  upcast: (data) => {
    const { amount, currency, ...rest } = purchaseReversedV1.schema.parse(data);
    const money = v1Amount(amount, currency);
    return { ...rest, amount: money, booked: money };
  },
});

const carriedPurchase = z
  .object({
    purchaseId: id,
    amount: moneySchema,
    booked: moneySchema,
    /** Refunded so far, in the purchase's currency and in the company currency. */
    refunded: moneySchema,
    refundedBooked: moneySchema,
    occurredAt: z.iso.datetime(),
    sourceSystem: z.string().min(1).max(50),
    orderReference: z.string().min(1).max(100),
    pointsEarned: z.number().int().min(0),
    pointsReversed: z.number().int().min(0),
  })
  .strict();

/** What the survivor carries over in CustomerMerged v2. */
const carriedV2 = z
  .object({
    purchases: z.array(carriedPurchase).max(100_000),
    /** Net revenue carried over, in the company currency. */
    revenue: z.object({ minor: z.string().regex(/^-?\d{1,19}$/), currency: currencyCode }).strict(),
    pointsBalance: z.number().int().min(0),
    pointsUsed: z.number().int().min(0),
    contacts: z.array(z.object({ contactId: id, contact: contactSchema }).strict()).max(500),
  })
  .strict();

export const customerMergedV2 = defineEvent({
  ...customerMergedV1,
  version: 2,
  description: `${customerMergedV1.description} Version 2 (ADR 90): amounts are exact money; the carried contacts travel sealed in \`sealed\`.`,
  schema: customerMergedV1.schema.extend({
    carried: carriedV2.optional(),
    /** The carried contacts, sealed with the survivor's customers key (ADR 90). */
    sealed: sealedDataSchema.optional(),
  }),
  example: {
    ...customerMergedV1.example,
    carried: {
      ...customerMergedV1.example.carried!,
      purchases: [
        {
          purchaseId: '01937a1e-3333-7000-8000-000000000009',
          amount: { minor: '500000', currency: 'CNY' },
          booked: { minor: '500000', currency: 'CNY' },
          refunded: { minor: '0', currency: 'CNY' },
          refundedBooked: { minor: '0', currency: 'CNY' },
          occurredAt: '2026-09-02T00:00:00.000Z',
          sourceSystem: 'erp-sap',
          orderReference: 'SO-2026-003100',
          pointsEarned: 50,
          pointsReversed: 0,
        },
      ],
      revenue: { minor: '500000', currency: 'CNY' },
    },
  },
  upcast: (data) => {
    const { carried, ...rest } = customerMergedV1.schema.parse(data);
    if (!carried) return rest;
    const currency = carried.purchases[0]?.currency ?? 'CNY';
    return {
      ...rest,
      carried: {
        ...carried,
        revenue: v1Amount(carried.revenue, currency),
        purchases: carried.purchases.map(
          ({ amount, refundedAmount, currency: own, ...purchase }) => ({
            ...purchase,
            amount: v1Amount(amount, own),
            booked: v1Amount(amount, own),
            refunded: v1Amount(refundedAmount, own),
            refundedBooked: v1Amount(refundedAmount, own),
          }),
        ),
      },
    };
  },
});

/** A voucher the duplicate's redemptions issued, open or used (D11), as the survivor keeps it. */
const carriedVoucher = z
  .object({
    voucherId: id,
    voucher: z.string().min(1).max(500),
    points: z.number().int().min(1),
    redeemedAt: z.iso.datetime(),
    /** The purchase it was used on; absent while it is open. */
    usedOn: id.optional(),
  })
  .strict();

export const customerMerged = defineEvent({
  ...customerMergedV2,
  version: 3,
  description: `${customerMergedV2.description} Version 3: the duplicate's vouchers, open and used, travel in \`carried.vouchers\` and stay usable on the survivor (D11).`,
  schema: customerMergedV2.schema.extend({
    carried: carriedV2
      .extend({ vouchers: z.array(carriedVoucher).max(10_000) })
      .strict()
      .optional(),
  }),
  example: {
    ...customerMergedV2.example,
    carried: {
      ...customerMergedV2.example.carried!,
      vouchers: [
        {
          voucherId: '01937a1e-4444-7000-8000-000000000003',
          voucher: '免费保养一次 one free service',
          points: 50,
          redeemedAt: '2026-10-01T08:00:00.000Z',
        },
      ],
    },
  },
  upcast: (data) => {
    const { carried, ...rest } = customerMergedV2.schema.parse(data);
    return carried ? { ...rest, carried: { ...carried, vouchers: [] } } : rest;
  },
});

/** D6: how a survey's answers came in: the channels a customer reaches the company by. */
export const SURVEY_SOURCES = COMPLAINT_CHANNELS;
/** D6: a survey has 1–20 questions, each answered 1–5; NPS is 0–10. */
export const SURVEY_MAX_QUESTIONS = 20;

export const surveyQuestionSchema = z
  .object({ question: text(200), score: z.int().min(1).max(5) })
  .strict();

export const surveyAnswered = defineEvent({
  context: 'customers',
  name: 'SurveyAnswered',
  version: 1,
  description:
    'The customer answered a satisfaction survey (D6): each question scored 1–5, optionally the ' +
    'NPS question 0–10 and a comment. (source, externalReference) is unique per customer: a ' +
    'replayed import never records it twice. The comment is personal data: it travels sealed in ' +
    '`sealed` and is absent once the customer is erased.',
  schema: z
    .object({
      customerId: id,
      surveyId: id,
      answeredAt: z.iso.datetime(),
      questions: z.array(surveyQuestionSchema).min(1).max(SURVEY_MAX_QUESTIONS),
      nps: z.int().min(0).max(10).optional(),
      comment: longText(2000).optional(),
      source: z.enum(SURVEY_SOURCES),
      externalReference: z.string().min(1).max(100),
      sealed: sealedDataSchema.optional(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    surveyId: '01937a1e-5555-7000-8000-000000000001',
    answeredAt: '2026-11-20T10:00:00.000Z',
    questions: [
      { question: '您对交货速度满意吗？ Delivery speed', score: 4 },
      { question: '服务人员态度如何？ Service attitude', score: 5 },
    ],
    nps: 9,
    comment: '售后响应很快 quick after-sales response',
    source: 'email',
    externalReference: 'SURVEY-2026-11-0042',
  },
});

/** Earlier versions still on the topics and in the stores: validated as written, read upcast. */
/** Version 2 of the events with personal fields: those fields travel sealed (ADR 90). */
export const customerRegistered = sealedVersion(customerRegisteredV1);
export const customerProfileUpdated = sealedVersion(customerProfileUpdatedV1);
export const contactAdded = sealedVersion(contactAddedV1);
export const contactUpdated = sealedVersion(contactUpdatedV1);

export const supersededCustomerEventDefinitions = [
  customerRegisteredV1,
  customerProfileUpdatedV1,
  contactAddedV1,
  contactUpdatedV1,
  purchaseRecordedV1,
  purchaseReversedV1,
  customerMergedV1,
  customerMergedV2,
] as const;

/** The current version of every customers event: what the service writes. */
export const customerEventDefinitions = [
  customerRegistered,
  customerProfileUpdated,
  customerOwnerAssigned,
  contactAdded,
  contactUpdated,
  contactRemoved,
  purchaseRecorded,
  purchaseReversed,
  pointsEarned,
  pointsRedeemed,
  pointsReversed,
  pointsExpired,
  voucherUsed,
  keyAccountDesignated,
  keyAccountRetired,
  customerMerged,
  customerErased,
  possibleDuplicateDismissed,
  surveyAnswered,
] as const;

export type CustomerEvent = DomainEventOf<(typeof customerEventDefinitions)[number]>;
