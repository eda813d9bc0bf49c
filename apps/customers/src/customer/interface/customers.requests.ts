import { z } from 'zod';
import {
  contactChangesSchema,
  contactSchema,
  customerErased,
  customerProfileFields,
  KEY_ACCOUNT_CRITERIA,
  longText,
  optionalProfileFields,
  profileChangesSchema,
  surveyAnswered,
  currencyCode,
  majorAmount,
  text,
} from '@crm/contracts';
import { pageQuery } from '@crm/platform';
import { CLOCK_SKEW_MS } from '../domain/purchases.decider';

const userId = text(100);

/** Figures the system computes: named in a 400 when a client tries to write them. */
const COMPUTED_FIELDS = [
  'tier',
  'csi',
  'lifecycle',
  'pointsBalance',
  'vouchers',
  'revenue',
  'fundBand',
  'keyAccount',
  'customerId',
  'registeredAt',
  'version',
] as const;
const computedFields = Object.fromEntries(
  COMPUTED_FIELDS.map((field) => [
    field,
    z.never({ error: 'is computed by the system and cannot be written' }).optional(),
  ]),
) as Record<(typeof COMPUTED_FIELDS)[number], z.ZodOptional<z.ZodNever>>;

const withoutComputed = <T extends Record<string, unknown>>(
  value: T,
): Omit<T, (typeof COMPUTED_FIELDS)[number]> => {
  const copy: Record<string, unknown> = { ...value };
  for (const field of COMPUTED_FIELDS) delete copy[field];
  return copy as Omit<T, (typeof COMPUTED_FIELDS)[number]>;
};

export const registerCustomerRequest = z
  .object({
    name: customerProfileFields.name,
    nature: customerProfileFields.nature,
    region: customerProfileFields.region,
    ownerId: userId,
    keyAccountManagerId: userId.optional(),
    ...optionalProfileFields,
    ...computedFields,
  })
  .strict()
  .transform(withoutComputed);

export type RegisterCustomerRequest = z.infer<typeof registerCustomerRequest>;

export const updateCustomerRequest = z
  .object({
    ...profileChangesSchema.shape,
    ownerId: userId.optional(),
    keyAccountManagerId: userId.nullable().optional(),
    ...computedFields,
  })
  .strict()
  .transform((body) => {
    const { ownerId, keyAccountManagerId, ...changes } = withoutComputed(body);
    return { changes, ownerId, keyAccountManagerId };
  });

export type UpdateCustomerRequest = z.infer<typeof updateCustomerRequest>;

export const addContactRequest = contactSchema;
export const updateContactRequest = contactChangesSchema;

const notInFuture = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) <= Date.now() + CLOCK_SKEW_MS, {
    message: 'must not be in the future',
  });

export const purchaseFields = {
  amount: majorAmount,
  currency: currencyCode,
  occurredAt: notInFuture.transform((value) => new Date(value).toISOString()),
  productLine: text(100),
  sourceSystem: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,50}$/, 'must be 1-50 letters, digits, . _ or -'),
  orderReference: text(100),
};

export const recordPurchaseRequest = z
  .object({
    ...purchaseFields,
    /** D11: a service voucher of the customer's (the id its redemption answered), used once. */
    voucherId: z.uuid().optional(),
  })
  .strict();
export type RecordPurchaseRequest = z.infer<typeof recordPurchaseRequest>;

export const reversePurchaseRequest = z
  .object({
    amount: majorAmount,
    occurredAt: purchaseFields.occurredAt,
    reason: text(500),
    /** The refund's reference in the source system (RMA, credit note): a retry counts once (D2). */
    reference: purchaseFields.orderReference.optional(),
  })
  .strict();

/** D6: one answered survey; the event's own field rules (1–5 per question, NPS 0–10, ≤ 2000 chars). */
const survey = surveyAnswered.schema.shape;
export const recordSurveyRequest = z
  .object({
    answeredAt: notInFuture.transform((value) => new Date(value).toISOString()),
    questions: survey.questions,
    nps: survey.nps,
    comment: survey.comment,
    source: survey.source,
    externalReference: text(100),
  })
  .strict();
export type RecordSurveyRequest = z.infer<typeof recordSurveyRequest>;

export const redeemPointsRequest = z
  .object({ points: z.number().int().positive().max(1e9), voucher: text(100) })
  .strict();

export const designateKeyAccountRequest = z
  .object({
    criterion: z.enum(KEY_ACCOUNT_CRITERIA),
    reason: longText(1000),
    keyAccountManagerId: userId,
    executiveSponsorId: userId,
  })
  .strict();

export const retireKeyAccountRequest = z.object({ reason: longText(1000) }).strict();

/** DELETE /customers/:id (erasure): a fixed reason code and an optional ticket reference. */
export const eraseCustomerRequest = z
  .object({
    reason: customerErased.schema.shape.reason,
    requestReference: customerErased.schema.shape.requestReference,
  })
  .strict();

/** POST /customers/:id/merge: the customer that survives (this one is the duplicate). */
export const mergeCustomerRequest = z.object({ survivorId: z.uuid() }).strict();

/** POST /customers/handover: every customer of a leaving rep goes to their successor. */
export const handOverRequest = z.object({ fromRepId: userId, toRepId: userId }).strict();

/** POST /customers/:id/duplicates/dismiss: the customer that is not a duplicate of this one. */
export const dismissDuplicateRequest = z.object({ otherCustomerId: z.uuid() }).strict();

export const customerIdParam = z.uuid();
export const entityIdParam = z.uuid();

export const listCustomersRequest = z
  .object({
    owner: text(100).optional(),
    region: text(100).optional(),
    tier: z.enum(['A', 'B', 'C']).optional(),
    lifecycle: z
      .enum(['prospect', 'new', 'active', 'drowsy', 'half_asleep', 'dormant', 'lost'])
      .optional(),
    q: text(100).optional(),
    ...pageQuery,
  })
  .strict();

export type ListCustomersRequest = z.infer<typeof listCustomersRequest>;

export const duplicateReviewRequest = z.object({ ...pageQuery }).strict();

/**
 * POST /customers/duplicates/check: the identifying values of a card not saved yet. Lenient on
 * purpose (half-typed phone numbers are still compared); the registration validates the card.
 */
export const duplicateCheckRequest = z
  .object({
    name: text(200).optional(),
    phone: text(100).optional(),
    email: text(200).optional(),
    taxNumber: text(100).optional(),
  })
  .strict();

export const listAuditRequest = z
  .object({ customerId: z.uuid().optional(), actorId: text(200).optional(), ...pageQuery })
  .strict();

/** GET /customers/completeness: one page of reps. */
export const completenessRequest = z.object({ ...pageQuery }).strict();

/** GET /customers/completeness/cards: one rep's incomplete cards. */
export const incompleteCardsRequest = z.object({ ownerId: userId, ...pageQuery }).strict();
