import { code as currencyRecord } from 'currency-codes';
import { z } from 'zod';

/**
 * Money, one type for the whole system (ADR 90): an integer number of minor units of an ISO 4217
 * currency, computed with BigInt and stored as a 64-bit integer. A JS number is never used for an
 * amount: the MongoDB driver sends an integral number as int32 (FerretDB wraps it at 2^31) and sums
 * of binary fractions drift.
 */
export interface Money {
  readonly minor: bigint;
  readonly currency: string;
}

/**
 * The largest amount the system takes, in minor units of its currency (10^15: 10 trillion CNY,
 * 1 quadrillion JPY, 1 trillion KWD). A stored sum (one customer's net revenue on one day, a
 * customer's lifetime revenue) holds 9,223 such amounts before it would leave 64 bits.
 */
export const MAX_AMOUNT_MINOR = 10n ** 15n;
/** The largest value a stored sum can hold: MongoDB's int64. */
export const INT64_MAX = 2n ** 63n - 1n;

/** Decimals of an ISO 4217 currency (JPY 0, CNY 2, KWD 3), from the ISO list; undefined if unknown. */
export function currencyDigits(currency: string): number | undefined {
  if (!/^[A-Z]{3}$/.test(currency)) return undefined;
  return currencyRecord(currency)?.digits;
}

export const isCurrency = (value: string): boolean => currencyDigits(value) !== undefined;

/**
 * An amount in major units of its currency as a request carries it (ADR 90): a JSON number as
 * before (12800.5) or a decimal string, exact at any size ("12800.50"). Decimals per currency and
 * the limit are checked where the currency is known (`parseMajorAmount`); never rounded.
 */
export const majorAmount = z.union([
  z.number().positive().finite(),
  z.string().regex(/^\d{1,20}(\.\d{1,20})?$/, 'must be a decimal amount, e.g. "12800.50"'),
]);

export const currencyCode = z
  .string()
  .refine(isCurrency, { message: 'must be an ISO 4217 currency code, e.g. CNY' });

export const AmountProblem = {
  UnknownCurrency: 'unknown_currency',
  NotADecimal: 'not_a_decimal',
  TooManyDecimals: 'too_many_decimals',
  NotPositive: 'not_positive',
  OverLimit: 'over_limit',
} as const;
export type AmountProblem = (typeof AmountProblem)[keyof typeof AmountProblem];

export type ParsedAmount =
  | { readonly ok: true; readonly money: Money }
  | { readonly ok: false; readonly problem: AmountProblem; readonly message: string };

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * An amount in major units as clients send it, a JSON number (`12800.5`) or a decimal string
 * (`"12800.50"`, exact at any size), into minor units. Never rounds: more decimals than the
 * currency has is refused, and so is anything above MAX_AMOUNT_MINOR.
 */
export function parseMajorAmount(value: number | string, currency: string): ParsedAmount {
  const digits = currencyDigits(currency);
  if (digits === undefined) {
    return {
      ok: false,
      problem: AmountProblem.UnknownCurrency,
      message: `unknown currency ${currency}`,
    };
  }
  // A number is read as the shortest decimal that round-trips: what the client wrote.
  const text = typeof value === 'number' ? numberToDecimal(value) : value.trim();
  const match = text === undefined ? null : DECIMAL.exec(text);
  if (!match) {
    return { ok: false, problem: AmountProblem.NotADecimal, message: 'must be a decimal amount' };
  }
  const [, whole = '0', rawFraction = ''] = match;
  const fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > digits) {
    return {
      ok: false,
      problem: AmountProblem.TooManyDecimals,
      message: `${currency} has ${digits} decimal${digits === 1 ? '' : 's'}`,
    };
  }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (minor <= 0n) {
    return { ok: false, problem: AmountProblem.NotPositive, message: 'must be greater than 0' };
  }
  if (minor > MAX_AMOUNT_MINOR) {
    return {
      ok: false,
      problem: AmountProblem.OverLimit,
      message: `must be at most ${formatMajor({ minor: MAX_AMOUNT_MINOR, currency })} ${currency}`,
    };
  }
  return { ok: true, money: { minor, currency } };
}

function numberToDecimal(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // 1e21 and beyond, or 1e-7 and below: expand the exponent exactly.
  const [mantissa = '', exponentText = '0'] = text.toLowerCase().split('e');
  const exponent = Number(exponentText);
  const [intPart = '', fracPart = ''] = mantissa.replace('-', '').split('.');
  const digitsOnly = intPart + fracPart;
  const point = intPart.length + exponent;
  const sign = value < 0 ? '-' : '';
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digitsOnly}`;
  if (point >= digitsOnly.length) return sign + digitsOnly + '0'.repeat(point - digitsOnly.length);
  return `${sign}${digitsOnly.slice(0, point)}.${digitsOnly.slice(point)}`;
}

/** Minor units as a decimal string in major units: 1280050n CNY → "12800.50". */
export function formatMajor(money: Money): string {
  const digits = currencyDigits(money.currency) ?? 0;
  const negative = money.minor < 0n;
  const text = (negative ? -money.minor : money.minor).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** For display only (charts, shares): the nearest JS number of the amount in major units. */
export const toMajorNumber = (money: Money): number => Number(formatMajor(money));

/** Integer division rounding half to even (banker's rounding), for any signs. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const sign = numerator < 0n !== denominator < 0n ? -1n : 1n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const twice = (n % d) * 2n;
  const rounded = twice > d || (twice === d && quotient % 2n === 1n) ? quotient + 1n : quotient;
  return sign * rounded;
}

/** A positive decimal exchange rate as a string ("7.1234"): how many target units one source unit buys. */
export const rateText = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,12})?$/, 'must be a decimal rate, e.g. 7.1234')
  .refine((value) => /[1-9]/.test(value), { message: 'must be greater than 0' });

/**
 * Converts at a decimal rate, rounding half to even to the target's minor unit:
 * minor × rate × 10^targetDigits / 10^sourceDigits.
 */
export function convertMoney(money: Money, target: string, rate: string): Money {
  const sourceDigits = currencyDigits(money.currency);
  const targetDigits = currencyDigits(target);
  if (sourceDigits === undefined || targetDigits === undefined) {
    throw new RangeError(`cannot convert ${money.currency} to ${target}`);
  }
  const [whole = '0', fraction = ''] = rate.split('.');
  const scaledRate = BigInt(whole + fraction);
  const numerator = money.minor * scaledRate * 10n ** BigInt(targetDigits);
  const denominator = 10n ** BigInt(fraction.length + sourceDigits);
  return { minor: divideHalfEven(numerator, denominator), currency: target };
}

/** Minor units on the wire: a decimal integer string, exact beyond 2^53. */
export const minorUnits = z.string().regex(/^(0|[1-9]\d{0,18})$/, 'must be whole minor units');

/** Money on the wire (events, responses): `{ "minor": "128005000", "currency": "CNY" }`. */
export const moneySchema = z.object({ minor: minorUnits, currency: currencyCode }).strict();
export type MoneyData = z.infer<typeof moneySchema>;

export const moneyToData = (money: Money): MoneyData => ({
  minor: money.minor.toString(),
  currency: money.currency,
});
export const moneyFromData = (data: MoneyData): Money => ({
  minor: BigInt(data.minor),
  currency: data.currency,
});

/** Sums amounts of one currency exactly. */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let minor = 0n;
  for (const amount of amounts) {
    if (amount.currency !== currency) {
      throw new RangeError(`cannot add ${amount.currency} to ${currency}: convert it first`);
    }
    minor += amount.minor;
  }
  return { minor, currency };
}

/**
 * Configured exchange rates into the company currency: per currency, rates that apply from a
 * business date on (`{"USD":[{"from":"2026-01-01","rate":"7.1234"}]}`). A purchase is converted
 * at the rate in force on its business date, so a back-dated import uses the rate of its day.
 */
export const exchangeRatesSchema = z.record(
  z.string().refine(isCurrency, { message: 'must be an ISO 4217 currency code' }),
  z.array(z.object({ from: z.iso.date(), rate: rateText }).strict()).min(1),
);
export type ExchangeRates = z.infer<typeof exchangeRatesSchema>;

export interface AppliedRate {
  readonly rate: string;
  /** The date the rate applies from: the one in force on the business date. */
  readonly rateDate: string;
}

/** The rate in force for `currency` on `day` (YYYY-MM-DD), if one is configured. */
export function rateOn(
  rates: ExchangeRates,
  currency: string,
  day: string,
): AppliedRate | undefined {
  let best: { from: string; rate: string } | undefined;
  for (const entry of rates[currency] ?? []) {
    if (entry.from <= day && (best === undefined || entry.from > best.from)) best = entry;
  }
  return best && { rate: best.rate, rateDate: best.from };
}
