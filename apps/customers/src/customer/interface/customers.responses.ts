import { z } from 'zod';
import { pageOf } from '@crm/platform';
import { FUND_BANDS } from '@apps/customers/src/customer/domain/fund-band';

/**
 * The answers of the customer routes (OpenAPI, and so the console's typed client). Each route's
 * return type is `z.infer` of its answer, so a field the code stops sending fails to compile.
 */
export const commandOutcome = z.object({
  customerId: z.string(),
  version: z.int().describe('the stream version (also the ETag)'),
  eventTypes: z
    .array(z.string())
    .readonly()
    .describe('the events of this change (of the first one, for an idempotent replay)'),
  replayed: z.boolean(),
});

const possibleDuplicate = z.object({
  customerId: z.string(),
  name: z.string(),
  ownerId: z.string(),
  region: z.string(),
  matchedOn: z
    .array(z.string())
    .readonly()
    .describe('which normalised values match: name, phone, email, taxNumber'),
});

export const registeredCustomer = z.object({
  customerId: z.string(),
  version: z.int(),
  possibleDuplicates: z
    .array(possibleDuplicate)
    .readonly()
    .describe('visible customers with the same normalised name, phone, e-mail or tax number'),
});

export const possibleDuplicates = z.object({ items: z.array(possibleDuplicate).readonly() });

export const customerPage = pageOf(
  z.object({
    customerId: z.string(),
    name: z.string(),
    code: z.string().nullable(),
    nature: z.string(),
    region: z.string(),
    city: z.string().nullable(),
    ownerId: z.string(),
    fundBand: z.string().nullable(),
    isKeyAccount: z.boolean(),
    tier: z.string().nullable(),
    lifecycle: z.string().nullable(),
    possibleDuplicateOf: z
      .array(z.string())
      .readonly()
      .optional()
      .describe('visible cards this one is a likely duplicate of (review list only)'),
  }),
);

export const handOverAnswer = z.object({
  fromRepId: z.string(),
  toRepId: z.string(),
  handedOver: z
    .int()
    .describe('customers whose owner this request changed (a replay repeats the first count)'),
});

export const mergeAnswer = z.object({ duplicate: commandOutcome, survivor: commandOutcome });

export const historyAnswer = z.object({
  customerId: z.string(),
  events: z.array(
    z.object({
      sequence: z.int(),
      type: z.string(),
      occurredAt: z.string(),
      actorId: z.string(),
      correlationId: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const contactAdded = commandOutcome.extend({ contactId: z.string() });
export const purchaseRecorded = commandOutcome.extend({
  purchaseId: z.string(),
  recorded: z
    .boolean()
    .describe('false when the order had been recorded before: nothing was counted again'),
});
export const surveyRecorded = commandOutcome.extend({
  surveyId: z.string(),
  recorded: z
    .boolean()
    .describe('false when the survey had been recorded before: nothing was counted again'),
});
export const purchaseReversed = commandOutcome.extend({ reversalId: z.string() });
export const pointsRedeemed = commandOutcome.extend({ redemptionId: z.string() });
export const keyAccountDesignated = commandOutcome.extend({ slot: z.int() });

/** Personal values are masked (`***` and a hint) for a caller who sees the customer masked. */
const contact = z.object({
  contactId: z.string(),
  name: z.string(),
  title: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  wechat: z.string().optional(),
  birthday: z.string().optional(),
  anniversaries: z
    .array(z.object({ label: z.string(), date: z.string() }))
    .readonly()
    .optional(),
  timeZone: z.string().optional(),
  buyingRole: z.string().optional(),
  buyingRoleFocus: z.string().optional(),
  optedOut: z.boolean().optional(),
});

export const customerCard = z.object({
  customerId: z.string(),
  name: z.string(),
  nature: z.string(),
  region: z.string(),
  ownerId: z.string(),
  registeredAt: z.string(),
  keyAccountManagerId: z.string().optional(),
  // The profile as typed in; personal values masked (`***` and a hint) for some callers.
  code: z.string().optional(),
  industry: z.string().optional(),
  city: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  website: z.string().optional(),
  taxNumber: z.string().optional(),
  source: z.string().optional(),
  personality: z.string().optional(),
  valueOrientation: z.string().optional(),
  expectedAnnualPurchase: z.number().optional(),
  transactionStage: z.string().optional(),
  contacts: z.array(contact).readonly(),
  fundBand: z.enum(FUND_BANDS).nullable(),
  keyAccount: z
    .object({
      criterion: z.enum(['tier_and_fund_band', 'strategic']),
      reason: z.string(),
      keyAccountManagerId: z.string(),
      executiveSponsorId: z.string(),
      slot: z.int(),
      designatedAt: z.string(),
    })
    .nullable(),
  tier: z.string().nullable().describe('computed by analytics (D3); null until published'),
  csi: z.number().nullable(),
  lifecycle: z.string().nullable(),
  pointsBalance: z.number(),
  vouchers: z
    .array(
      z.object({
        voucherId: z.string(),
        voucher: z.string(),
        points: z.number(),
        redeemedAt: z.string(),
        usedOn: z.string().optional().describe('the purchase it was used on; absent while open'),
      }),
    )
    .readonly(),
  revenue: z
    .object({
      amount: z.number(),
      currency: z.string(),
      minor: z.string(),
      major: z.string(),
    })
    .describe('net revenue in the company currency; `minor` and `major` exact decimal strings'),
  mergedInto: z
    .string()
    .nullable()
    .describe('the survivor this customer was merged into: read-only from then on'),
  absorbed: z.array(z.string()).readonly().describe('duplicates merged into this customer'),
  erasedAt: z.string().nullable().describe('when its personal data was erased'),
  notDuplicates: z
    .array(z.string())
    .readonly()
    .describe('customers a reviewer decided are not duplicates of this one'),
  version: z.int(),
});

export const auditPage = pageOf(
  z.object({
    id: z.string(),
    at: z.string(),
    actorId: z.string(),
    roles: z.array(z.string()).readonly(),
    action: z.enum([
      'customer.card.read',
      'customer.history.read',
      'customer.changed',
      'customer.list.read',
    ]),
    customerId: z.string().optional(),
    correlationId: z.string(),
    what: z.array(z.string()).readonly().describe('event types, field names (never the values)'),
  }),
);
