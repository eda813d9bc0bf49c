import { z } from 'zod';
import {
  currencyDigits,
  divideHalfEven,
  moneySchema,
  moneyToData,
  parseMajorAmount,
  type MoneyData,
} from './money';
import { sealedVersion } from './sealed-data';
import {
  ContractViolation,
  defineEvent,
  type DomainEventOf,
  type EventDefinition,
} from './event-definition';
import { OPPORTUNITY_STAGES, SALES_PROGRESS_ITEMS, VISIT_CHANNELS } from './visit-catalogue';

export { OPPORTUNITY_STAGES, SALES_PROGRESS_ITEMS, VISIT_CHANNELS };

export type VisitChannel = (typeof VISIT_CHANNELS)[number];
export type SalesProgressItem = (typeof SALES_PROGRESS_ITEMS)[number];
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

const id = z.string().min(1).max(200);
/** A calendar date in the rep's time zone. */
const calendarDate = z.iso.date();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
const winRate = z.number().min(0).max(100);
const timeZone = z.string().min(1).max(64);

/** Every visit event names the visit, its customer and the rep (the visit's owner). */
const visitOfRep = { visitId: id, customerId: id, repId: id };
const visitOfRepExample = {
  visitId: '01937a1f-2222-7000-8000-000000000001',
  customerId: '01937a1e-1111-7000-8000-000000000001',
  repId: 'rep-17',
};

export const visitPlannedV1 = defineEvent({
  context: 'visits',
  name: 'VisitPlanned',
  version: 1,
  description: 'A rep planned a visit to a customer on a day (D4).',
  schema: z
    .object({
      ...visitOfRep,
      region: z.string().min(1).max(100),
      plannedDate: calendarDate,
      timeZone,
      channel: z.enum(VISIT_CHANNELS),
      purpose: z.string().min(1).max(1000),
      opportunityId: id.optional(),
      plannedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    ...visitOfRepExample,
    region: 'east',
    plannedDate: '2026-12-02',
    timeZone: 'Asia/Shanghai',
    channel: 'face_to_face',
    purpose: 'Present the 2027 product line to the purchasing head',
    plannedAt: '2026-11-24T08:00:00.000Z',
  },
});

export const visitRescheduledV1 = defineEvent({
  context: 'visits',
  name: 'VisitRescheduled',
  version: 1,
  description: 'A planned visit moved to another day.',
  schema: z
    .object({
      ...visitOfRep,
      previousDate: calendarDate,
      plannedDate: calendarDate,
      timeZone,
      reason: z.string().min(1).max(1000).optional(),
      rescheduledAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    ...visitOfRepExample,
    previousDate: '2026-12-02',
    plannedDate: '2026-12-04',
    timeZone: 'Asia/Shanghai',
    reason: 'The purchasing head is travelling',
    rescheduledAt: '2026-11-30T09:00:00.000Z',
  },
});

export const visitCompletedV1 = defineEvent({
  context: 'visits',
  name: 'VisitCompleted',
  version: 1,
  description:
    "A visit took place: outcome, the customer's feedback (1–5) and the sales progress made (D4).",
  schema: z
    .object({
      ...visitOfRep,
      plannedDate: calendarDate,
      outcome: z.string().min(1).max(4000),
      feedbackScore: z.number().int().min(1).max(5),
      progress: z.array(z.enum(SALES_PROGRESS_ITEMS)).max(SALES_PROGRESS_ITEMS.length),
      opportunityId: id.optional(),
      completedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    ...visitOfRepExample,
    plannedDate: '2026-12-04',
    outcome: 'Demo of the new line; the purchasing head wants a trial in January',
    feedbackScore: 4,
    progress: ['demo_agreed', 'met_higher_decider'],
    opportunityId: '01937a20-3333-7000-8000-000000000001',
    completedAt: '2026-12-04T07:30:00.000Z',
  },
});

export const visitCancelledV1 = defineEvent({
  context: 'visits',
  name: 'VisitCancelled',
  version: 1,
  description: 'A planned visit was called off.',
  schema: z
    .object({
      ...visitOfRep,
      plannedDate: calendarDate,
      reason: z.string().min(1).max(1000),
      cancelledAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    ...visitOfRepExample,
    plannedDate: '2026-12-04',
    reason: 'The customer closed for inventory',
    cancelledAt: '2026-12-03T10:00:00.000Z',
  },
});

export const visitMissed = defineEvent({
  context: 'visits',
  name: 'VisitMissed',
  version: 1,
  description: "A visit was still planned when its day ended in the rep's time zone (D4).",
  schema: z
    .object({
      ...visitOfRep,
      plannedDate: calendarDate,
      timeZone,
      missedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    ...visitOfRepExample,
    plannedDate: '2026-12-04',
    timeZone: 'Asia/Shanghai',
    missedAt: '2026-12-04T16:00:00.000Z',
  },
});

const tierCounts = z
  .object({ A: z.number().int().min(0), B: z.number().int().min(0), C: z.number().int().min(0) })
  .strict();

export const monthlyVisitPlanGenerated = defineEvent({
  context: 'visits',
  name: 'MonthlyVisitPlanGenerated',
  version: 1,
  description:
    'The visit plan of a month was generated: how many customers of each tier, and the visits they require (D4).',
  schema: z
    .object({
      month,
      customers: tierCounts,
      requiredVisits: tierCounts,
      totalRequiredVisits: z.number().int().min(0),
      reps: z.number().int().min(0),
      generatedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    month: '2026-12',
    customers: { A: 4, B: 8, C: 8 },
    requiredVisits: { A: 12, B: 16, C: 8 },
    totalRequiredVisits: 36,
    reps: 3,
    generatedAt: '2026-12-01T00:00:05.000Z',
  },
});

export const opportunityOpenedV1 = defineEvent({
  context: 'visits',
  name: 'OpportunityOpened',
  version: 1,
  description:
    'A sales opportunity entered the funnel at a stage, with its amount and expected close date (D10).',
  schema: z
    .object({
      opportunityId: id,
      customerId: id,
      ownerId: id,
      region: z.string().min(1).max(100),
      title: z.string().min(1).max(200),
      amount: z.number().positive(),
      currency: z.string().regex(/^[A-Z]{3}$/),
      expectedCloseDate: calendarDate,
      stage: z.enum(OPPORTUNITY_STAGES),
      winRate,
      openedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    opportunityId: '01937a20-3333-7000-8000-000000000001',
    customerId: '01937a1e-1111-7000-8000-000000000001',
    ownerId: 'rep-17',
    region: 'east',
    title: '2027 packaging line upgrade',
    amount: 120000,
    currency: 'CNY',
    expectedCloseDate: '2027-03-31',
    stage: 'lead',
    winRate: 5,
    openedAt: '2026-11-24T08:00:00.000Z',
  },
});

export const opportunityStageChangedV1 = defineEvent({
  context: 'visits',
  name: 'OpportunityStageChanged',
  version: 1,
  description:
    'An open opportunity moved between funnel stages; carries the win rate of the new stage at that time. ' +
    'A move back carries its reason; a move caused by a visit names the visit and its progress item.',
  schema: z
    .object({
      opportunityId: id,
      customerId: id,
      fromStage: z.enum(OPPORTUNITY_STAGES),
      toStage: z.enum(OPPORTUNITY_STAGES),
      direction: z.enum(['forward', 'backward']),
      winRate,
      amount: z.number().positive(),
      reason: z.string().min(1).max(1000).optional(),
      cause: z
        .object({ visitId: id, progress: z.enum(SALES_PROGRESS_ITEMS) })
        .strict()
        .optional(),
      changedAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    opportunityId: '01937a20-3333-7000-8000-000000000001',
    customerId: '01937a1e-1111-7000-8000-000000000001',
    fromStage: 'qualified',
    toStage: 'needs_analysis',
    direction: 'forward',
    winRate: 20,
    amount: 120000,
    cause: { visitId: '01937a1f-2222-7000-8000-000000000001', progress: 'demo_agreed' },
    changedAt: '2026-12-04T07:30:00.000Z',
  },
});

export const opportunityWonV1 = defineEvent({
  context: 'visits',
  name: 'OpportunityWon',
  version: 1,
  description: 'An opportunity was won (win rate 100%): final.',
  schema: z
    .object({
      opportunityId: id,
      customerId: id,
      fromStage: z.enum(OPPORTUNITY_STAGES),
      winRate: z.literal(100),
      amount: z.number().positive(),
      wonAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    opportunityId: '01937a20-3333-7000-8000-000000000001',
    customerId: '01937a1e-1111-7000-8000-000000000001',
    fromStage: 'commitment',
    winRate: 100,
    amount: 120000,
    wonAt: '2027-03-20T06:00:00.000Z',
  },
});

export const opportunityLostV1 = defineEvent({
  context: 'visits',
  name: 'OpportunityLost',
  version: 1,
  description: 'An opportunity was lost (win rate 0%), with the reason: final.',
  schema: z
    .object({
      opportunityId: id,
      customerId: id,
      fromStage: z.enum(OPPORTUNITY_STAGES),
      winRate: z.literal(0),
      amount: z.number().positive(),
      reason: z.string().min(1).max(1000),
      lostAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    opportunityId: '01937a20-3333-7000-8000-000000000001',
    customerId: '01937a1e-1111-7000-8000-000000000001',
    fromStage: 'proposal',
    winRate: 0,
    amount: 120000,
    reason: 'A competitor undercut the price by 15%',
    lostAt: '2027-02-10T06:00:00.000Z',
  },
});

/** Version 2 of the events with personal fields: those fields travel sealed (ADR 90). */
export const visitPlanned = sealedVersion(visitPlannedV1);
export const visitRescheduled = sealedVersion(visitRescheduledV1);
export const visitCompleted = sealedVersion(visitCompletedV1);
export const visitCancelled = sealedVersion(visitCancelledV1);
export const opportunityOpenedV2 = sealedVersion(opportunityOpenedV1);
export const opportunityStageChangedV2 = sealedVersion(opportunityStageChangedV1);
export const opportunityLostV2 = sealedVersion(opportunityLostV1);

/**
 * The amount of an OpportunityOpened before version 3: a JSON number in major units. Intake has
 * checked it against its currency since ADR 90's amendment, so it converts exactly; one recorded
 * before that with more decimals than its currency has is rounded half to even (analytics already
 * counted it rounded). An unknown currency cannot become money: such a record is refused.
 */
function openedAmount(amount: number, currency: string): MoneyData {
  const parsed = parseMajorAmount(amount, currency);
  if (parsed.ok) return moneyToData(parsed.money);
  const digits = currencyDigits(currency);
  if (digits === undefined) {
    throw new ContractViolation(`OpportunityOpened: ${parsed.message}`, [
      { path: 'currency', message: parsed.message },
    ]);
  }
  const [whole = '0', fraction = ''] = amount.toFixed(6).split('.');
  const minor = divideHalfEven(BigInt(whole + fraction), 10n ** BigInt(6 - digits));
  return moneyToData({ minor, currency });
}

/** Subscribers keep an opportunity's amount from its OpportunityOpened, keyed by opportunityId. */
const AMOUNT_FROM_OPENED =
  'The amount is fixed at opening: subscribers keep it from OpportunityOpened (keyed by opportunityId).';

const { currency: _, ...openedV2Example } = opportunityOpenedV2.example;

export const opportunityOpened = defineEvent({
  context: 'visits',
  name: 'OpportunityOpened',
  version: 3,
  description:
    `${opportunityOpenedV2.description} Version 3 (ADR 133): \`amount\` is exact money ` +
    '({minor, currency}: integer minor units as a decimal string) and replaces `amount` and ' +
    '`currency`; the personal fields stay sealed as in version 2.',
  schema: opportunityOpenedV2.schema
    .omit({ amount: true, currency: true })
    .extend({ amount: moneySchema }),
  // Version 2's example, its amount as money.
  example: { ...openedV2Example, amount: { minor: '12000000', currency: 'CNY' } },
  upcast: (data) => {
    const { amount, currency, ...rest } = opportunityOpenedV2.schema.parse(data);
    return { ...rest, amount: openedAmount(amount, currency) };
  },
});

/** The data of an earlier version without its `amount` (the opening's, ADR 133). */
const dropAmount = <T extends { amount: number }>({ amount: _, ...rest }: T): Omit<T, 'amount'> =>
  rest;

/**
 * The version after `previous` of an opportunity event that carried the amount: `schema` is its
 * schema without `amount`; the earlier version is read by dropping it (ADR 133).
 */
function withoutAmount<TName extends string, TSchema extends z.ZodType>(
  previous: EventDefinition<TName, z.ZodType<{ amount: number }>>,
  schema: TSchema,
) {
  const version = previous.version + 1;
  return defineEvent({
    context: previous.context,
    name: previous.name,
    version,
    description: `${previous.description} Version ${version} (ADR 133): no \`amount\`. ${AMOUNT_FROM_OPENED}`,
    schema,
    example: schema.parse(dropAmount(previous.example)),
    upcast: (data) => schema.parse(dropAmount(previous.schema.parse(data))),
  });
}

export const opportunityStageChanged = withoutAmount(
  opportunityStageChangedV2,
  opportunityStageChangedV2.schema.omit({ amount: true }),
);
export const opportunityWon = withoutAmount(
  opportunityWonV1,
  opportunityWonV1.schema.omit({ amount: true }),
);
export const opportunityLost = withoutAmount(
  opportunityLostV2,
  opportunityLostV2.schema.omit({ amount: true }),
);

/** Earlier versions still on the topics and in the stores: validated as written, read upcast. */
export const supersededVisitEventDefinitions = [
  visitPlannedV1,
  visitRescheduledV1,
  visitCompletedV1,
  visitCancelledV1,
  opportunityOpenedV1,
  opportunityOpenedV2,
  opportunityStageChangedV1,
  opportunityStageChangedV2,
  opportunityWonV1,
  opportunityLostV1,
  opportunityLostV2,
] as const;

export const visitEventDefinitions = [
  visitPlanned,
  visitRescheduled,
  visitCompleted,
  visitCancelled,
  visitMissed,
  monthlyVisitPlanGenerated,
] as const;

export const opportunityEventDefinitions = [
  opportunityOpened,
  opportunityStageChanged,
  opportunityWon,
  opportunityLost,
] as const;

export type VisitEvent = DomainEventOf<(typeof visitEventDefinitions)[number]>;
export type OpportunityEvent = DomainEventOf<(typeof opportunityEventDefinitions)[number]>;
