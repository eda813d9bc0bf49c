import fc from 'fast-check';
import { MAX_MINOR, type Currency, type Rates } from './reference/money';
import type { ModelSurvey } from './reference/satisfaction';
import type { ModelVisit, VisitChannel } from './reference/visits';

/**
 * Generated customer histories for the model suite: several customers, amounts from one minor unit
 * to beyond the limit (sums far past 2^31 and 2^53), several currencies (one without a rate),
 * back-dated purchases inside and outside the 12-month window, partial, full and excessive refunds,
 * and requests sent twice (a client retry, a redelivered import line).
 *
 * Dates are days before "now" and keep clear of the window's edge (days 355–375) and of today, so
 * the expected figures do not depend on the hour the suite runs.
 */
export interface RefundPlan {
  /** Share of what is left, in thousandths (1000 = all of it); above 1000 asks for more than is left. */
  readonly thousandths: number;
  readonly daysAfter: number;
  readonly retried: boolean;
}

export interface PurchasePlan {
  readonly currency: Currency;
  readonly minor: bigint;
  readonly daysAgo: number;
  readonly productLine: string;
  readonly retried: boolean;
  readonly refunds: readonly RefundPlan[];
}

/** D10: an opportunity opened at one stage, maybe moved to another, maybe won or lost. */
export interface OpportunityPlan {
  readonly currency: Currency;
  readonly minor: bigint;
  /** Expected to close this many months from the current one (negative: overdue), on this day. */
  readonly monthsAhead: number;
  readonly day: number;
  /** Indexes into the open stages (lead … negotiation). */
  readonly stage: number;
  readonly movedTo: number | null;
  readonly outcome: 'open' | 'won' | 'lost';
}

export interface CustomerPlan {
  readonly name: string;
  readonly purchases: readonly PurchasePlan[];
  readonly opportunities?: readonly OpportunityPlan[];
  /** D4: visits planned for today by the owner, then completed, cancelled or left planned. */
  readonly visits?: readonly ModelVisit[];
  /** D6 (ADR 146): surveys answered just after the visits, or long ago (outside the window). */
  readonly surveys?: readonly SurveyPlan[];
}

export interface SurveyPlan extends ModelSurvey {
  /** Sent twice with the same external reference (a replayed import): counted once. */
  readonly retried: boolean;
}

export interface History {
  readonly customers: readonly CustomerPlan[];
}

/** The configured rates: USD changes 200 days ago (back-dated purchases use the older one). */
export const RATE_CHANGE_DAYS_AGO = 200;
export function ratesFor(now: Date): Rates {
  return {
    USD: [
      { from: '2000-01-01', rate: '7.1234' },
      { from: dayBefore(now, RATE_CHANGE_DAYS_AGO), rate: '7.0015' },
    ],
    JPY: [{ from: '2000-01-01', rate: '0.047391' }],
    KWD: [{ from: '2000-01-01', rate: '23.456789' }],
  };
}

export const dayBefore = (now: Date, days: number): string =>
  new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);

const amount = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt(1n, 1_000_000n) },
  { weight: 3, arbitrary: fc.bigInt(1_000_000n, 10n ** 12n) },
  { weight: 3, arbitrary: fc.bigInt(10n ** 12n, MAX_MINOR) },
  { weight: 1, arbitrary: fc.constant(MAX_MINOR) },
  { weight: 1, arbitrary: fc.bigInt(MAX_MINOR + 1n, 10n ** 17n) },
);

const refund: fc.Arbitrary<RefundPlan> = fc.record({
  thousandths: fc.oneof(fc.integer({ min: 1, max: 999 }), fc.constant(1000), fc.constant(1500)),
  daysAfter: fc.integer({ min: 0, max: 5 }),
  retried: fc.boolean(),
});

const purchase: fc.Arbitrary<PurchasePlan> = fc.record({
  currency: fc.constantFrom<Currency>('CNY', 'CNY', 'USD', 'JPY', 'KWD', 'EUR'),
  minor: amount,
  // Inside the window (8–354 days ago) or outside it (376–700), never near its edge or today.
  daysAgo: fc.oneof(fc.integer({ min: 8, max: 354 }), fc.integer({ min: 376, max: 700 })),
  productLine: fc.constantFrom('工业水泵', 'Ventile', 'бойлеры', 'pumps & valves', '熱交換器 Ω'),
  retried: fc.boolean(),
  refunds: fc.array(refund, { maxLength: 2 }),
});

const opportunity: fc.Arbitrary<OpportunityPlan> = fc.record({
  currency: fc.constantFrom<Currency>('CNY', 'CNY', 'USD', 'JPY', 'KWD', 'EUR'),
  minor: amount,
  monthsAhead: fc.integer({ min: -2, max: 2 }),
  day: fc.integer({ min: 1, max: 28 }),
  stage: fc.integer({ min: 0, max: 5 }),
  movedTo: fc.option(fc.integer({ min: 0, max: 5 })),
  outcome: fc.constantFrom('open', 'open', 'won', 'lost'),
});

const visit: fc.Arbitrary<ModelVisit> = fc.record({
  channel: fc.constantFrom<VisitChannel>('face_to_face', 'meeting', 'phone', 'wechat', 'email'),
  status: fc.constantFrom<ModelVisit['status']>('completed', 'completed', 'cancelled', 'planned'),
  score: fc.integer({ min: 1, max: 5 }),
});

/** When an old survey was answered: before the 12-month window, clear of its edge. */
export const OLD_SURVEY_DAYS_AGO = 400;

const survey: fc.Arbitrary<SurveyPlan> = fc.record({
  // Up to 20 questions (the most a survey takes); few questions more often, so means vary widely.
  scores: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
    },
    {
      weight: 1,
      arbitrary: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 6, maxLength: 20 }),
    },
  ),
  nps: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 3 }),
  old: fc.oneof(
    { weight: 5, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  retried: fc.boolean(),
});

const customer: fc.Arbitrary<CustomerPlan> = fc.record({
  name: fc.constantFrom('华东机械有限公司', 'Müller GmbH', '株式会社サトウ', 'شركة النور', 'Acme'),
  purchases: fc.array(purchase, { maxLength: 6 }),
  opportunities: fc.array(opportunity, { maxLength: 3 }),
  visits: fc.array(visit, { maxLength: 4 }),
  surveys: fc.array(survey, { maxLength: 3 }),
});

export const histories: fc.Arbitrary<History> = fc.record({
  customers: fc.array(customer, { minLength: 1, maxLength: 10 }),
});

/**
 * A history CI always runs (besides the generated ones): a customer whose window revenue passes
 * 2^53 minor units (ten purchases at the limit), a foreign amount that passes the limit only after
 * conversion, a currency without a rate, smaller customers ranked below it, and customers in
 * every D5 lifecycle stage.
 */
export const WHALE: History = {
  customers: [
    {
      name: '华东机械有限公司',
      purchases: Array.from({ length: 10 }, (_, n) => ({
        currency: 'CNY' as const,
        minor: MAX_MINOR,
        daysAgo: 10 + n * 30,
        productLine: '工业水泵',
        retried: n === 0,
        refunds: n === 1 ? [{ thousandths: 333, daysAfter: 1, retried: true }] : [],
      })),
      // D4 for an A customer: four visits in person count as three, a phone call not at all.
      visits: [
        ...[5, 4, 4, 3].map((score) => ({
          channel: 'face_to_face' as const,
          status: 'completed' as const,
          score,
        })),
        { channel: 'phone', status: 'completed', score: 5 },
        { channel: 'meeting', status: 'cancelled', score: 1 },
      ],
      // D10: amounts at the limit in one currency, overdue, due now and later, won and lost.
      opportunities: [
        {
          currency: 'CNY',
          minor: MAX_MINOR,
          monthsAhead: 0,
          day: 28,
          stage: 5,
          movedTo: null,
          outcome: 'open',
        },
        {
          currency: 'CNY',
          minor: MAX_MINOR,
          monthsAhead: -1,
          day: 3,
          stage: 0,
          movedTo: 4,
          outcome: 'open',
        },
        {
          currency: 'CNY',
          minor: 333n,
          monthsAhead: 0,
          day: 1,
          stage: 2,
          movedTo: 1,
          outcome: 'open',
        },
        {
          currency: 'KWD',
          minor: 1_001n,
          monthsAhead: 1,
          day: 15,
          stage: 3,
          movedTo: null,
          outcome: 'open',
        },
        {
          currency: 'JPY',
          minor: 999_999_999_999n,
          monthsAhead: 2,
          day: 9,
          stage: 1,
          movedTo: null,
          outcome: 'open',
        },
        {
          currency: 'USD',
          minor: 123_456_78n,
          monthsAhead: 0,
          day: 20,
          stage: 4,
          movedTo: null,
          outcome: 'won',
        },
        {
          currency: 'CNY',
          minor: 5_000_00n,
          monthsAhead: 1,
          day: 2,
          stage: 2,
          movedTo: null,
          outcome: 'lost',
        },
        {
          currency: 'EUR',
          minor: MAX_MINOR + 1n,
          monthsAhead: 0,
          day: 5,
          stage: 0,
          movedTo: null,
          outcome: 'open',
        },
      ],
    },
    {
      name: 'Müller GmbH',
      purchases: [
        {
          currency: 'KWD',
          minor: 10n ** 14n,
          daysAgo: 40,
          productLine: 'Ventile',
          retried: false,
          refunds: [],
        },
        {
          currency: 'EUR',
          minor: 500_00n,
          daysAgo: 41,
          productLine: 'Ventile',
          retried: false,
          refunds: [],
        },
        {
          currency: 'USD',
          minor: 123_456_789n,
          daysAgo: 250,
          productLine: 'pumps',
          retried: true,
          refunds: [],
        },
      ],
      // D6 (ADR 146): 5, 4, 4 is 83⅓, then 3, 2 is 37.5: a CSI of 60.42, a sharp drop of 22.92
      // from the peak; NPS answers 10 and 6; the second survey replayed.
      surveys: [
        { scores: [5, 4, 4], nps: 10, old: false, retried: false },
        { scores: [3, 2], nps: 6, old: false, retried: true },
      ],
    },
    {
      name: 'شركة النور',
      purchases: [
        {
          currency: 'JPY',
          minor: 10n ** 13n,
          daysAgo: 20,
          productLine: '熱交換器 Ω',
          retried: false,
          refunds: [],
        },
      ],
    },
    // D4 for a C customer: a phone call counts; a WeChat message does not. D6: a CSI of 37.5.
    {
      name: 'Acme',
      purchases: [],
      visits: [
        { channel: 'wechat', status: 'completed', score: 2 },
        { channel: 'phone', status: 'completed', score: 3 },
        { channel: 'face_to_face', status: 'planned', score: 5 },
      ],
      // With a survey of 100 the CSI is 58.33: still below the floor, no second alert.
      surveys: [{ scores: [5, 5, 5, 5], nps: 9, old: false, retried: false }],
    },
    // D6: a survey of eight questions means 3.125 exactly (a half-hundredth); the old survey is
    // outside the window (not in the CSI or the NPS) but began the episode, so no second alert.
    {
      name: '低分 eight questions',
      purchases: [],
      surveys: [
        { scores: [1], nps: 0, old: true, retried: false },
        { scores: [2, 1, 1, 1, 1, 1, 1, 1], nps: 7, old: false, retried: false },
      ],
    },
    // D5, one customer per stage (days since the last buying day against the usual interval):
    drifter('瞌睡 drowsy, one purchase', [75]),
    drifter('半睡 half-asleep, one purchase', [150]),
    drifter('沉睡 dormant, one purchase', [250]),
    drifter('流失 lost, one purchase', [400]),
    drifter('active, every ten days', [10, 20, 30]),
    drifter('drowsy, every ten days', [25, 35, 45]),
    // Gaps 1, 3, 4 and 9 days: a median of 3.5, so 43 days is just beyond 12 intervals.
    drifter('lost on a half-day median', [43, 52, 56, 59, 60]),
    // Bought 15 days ago, refunded in full: no purchase, so 100 days since the last one.
    {
      name: 'drowsy, the latest purchase refunded',
      purchases: [
        { ...bought(15), refunds: [{ thousandths: 1000, daysAfter: 1, retried: false }] },
        bought(100),
      ],
    },
  ],
};

function bought(daysAgo: number): PurchasePlan {
  return {
    currency: 'CNY',
    minor: 1_234_56n,
    daysAgo,
    productLine: '售后服务',
    retried: false,
    refunds: [],
  };
}

function drifter(name: string, daysAgo: readonly number[]): CustomerPlan {
  return { name, purchases: daysAgo.map(bought) };
}
