/**
 * The reference model's money (docs/domain.md D2, ADR 90), written from the rules, not from the
 * services: integer minor units in BigInt, ISO 4217 decimals, a limit per amount, conversion to the
 * company currency at the rate in force on the business date, rounded half to even.
 */
export const COMPANY_CURRENCY = 'CNY';

/** ISO 4217 minor-unit digits of the currencies the model generates (EUR has no configured rate). */
export const DIGITS = { CNY: 2, USD: 2, EUR: 2, JPY: 0, KWD: 3 } as const;
export type Currency = keyof typeof DIGITS;

/** At most 10^15 minor units per amount, before and after conversion. */
export const MAX_MINOR = 10n ** 15n;

export interface RateEntry {
  /** YYYY-MM-DD: the rate is in force from this day on (inclusive) until the next entry. */
  readonly from: string;
  /** A decimal string: company-currency major units per one major unit of the currency. */
  readonly rate: string;
}
export type Rates = Partial<Record<Currency, readonly RateEntry[]>>;

/** n / d rounded half to even (d > 0). */
export function roundHalfEven(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  let quotient = magnitude / d;
  const twiceRemainder = 2n * (magnitude % d);
  if (twiceRemainder > d || (twiceRemainder === d && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** The rate in force on `day`: the entry with the latest `from` not after it. */
export function rateOn(rates: Rates, currency: Currency, day: string): string | undefined {
  if (currency === COMPANY_CURRENCY) return '1';
  const inForce = (rates[currency] ?? []).filter((entry) => entry.from <= day);
  inForce.sort((a, b) => a.from.localeCompare(b.from));
  return inForce.at(-1)?.rate;
}

/** `minor` units of `currency` in company-currency minor units at a decimal `rate`. */
export function toCompanyMinor(minor: bigint, currency: Currency, rate: string): bigint {
  const [whole, fraction = ''] = rate.split('.');
  const rateUnits = BigInt(`${whole}${fraction}`);
  const numerator = minor * rateUnits * 10n ** BigInt(DIGITS[COMPANY_CURRENCY]);
  const denominator = 10n ** BigInt(fraction.length + DIGITS[currency]);
  return roundHalfEven(numerator, denominator);
}

/** The decimal string of `minor` units in major units ("12800.50"), as a client sends it. */
export function majorText(minor: bigint, currency: Currency): string {
  const digits = DIGITS[currency];
  if (digits === 0) return minor.toString();
  const text = minor.toString().padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
