import {
  COMPANY_CURRENCY,
  MAX_MINOR,
  rateOn,
  roundHalfEven,
  toCompanyMinor,
  type Currency,
  type Rates,
} from './money';

/**
 * The reference model of one customer's purchases and points (D2, D11 and ADR 90): what each
 * request must answer and what the card must show afterwards.
 * - A purchase is recorded once per order reference; a repeat changes nothing.
 * - An amount over the limit (before or after conversion) or a currency without a rate on the
 *   business date is refused (422) and changes nothing.
 * - Points: POINTS_EARNED per whole POINTS_PER_AMOUNT of the company-currency amount, per purchase.
 * - A refund names its purchase, is in that purchase's currency and at most what is left of it; it
 *   is booked at the purchase's rate in proportion (half to even), and the refund that empties the
 *   purchase books exactly what is left. Points come back in proportion to the share refunded in
 *   total, rounded down.
 */
export interface PointsRule {
  readonly perAmountMinor: bigint;
  readonly points: bigint;
}
export const DEFAULT_POINTS: PointsRule = { perAmountMinor: 100n * 100n, points: 1n };

export interface PurchaseFacts {
  readonly currency: Currency;
  readonly minor: bigint;
  /** Business day, YYYY-MM-DD (UTC). */
  readonly day: string;
}

interface Booked {
  readonly minor: bigint;
  readonly booked: bigint;
  readonly day: string;
  readonly points: bigint;
  refundedMinor: bigint;
  refundedBooked: bigint;
  pointsReversed: bigint;
}

/** `exceeds`: a refund of more than is left of its purchase (a conflict with the purchase's state). */
export type Outcome = 'recorded' | 'duplicate' | 'refused' | 'exceeds';

export class ReferenceLedger {
  private readonly purchases = new Map<string, Booked>();
  /** Net company-currency revenue per business day. */
  readonly revenueByDay = new Map<string, bigint>();
  pointsBalance = 0n;

  constructor(
    private readonly rates: Rates,
    private readonly pointsRule: PointsRule = DEFAULT_POINTS,
  ) {}

  record(orderReference: string, purchase: PurchaseFacts): Outcome {
    if (this.purchases.has(orderReference)) return 'duplicate';
    if (purchase.minor > MAX_MINOR) return 'refused';
    const rate = rateOn(this.rates, purchase.currency, purchase.day);
    if (rate === undefined) return 'refused';
    const booked =
      purchase.currency === COMPANY_CURRENCY
        ? purchase.minor
        : toCompanyMinor(purchase.minor, purchase.currency, rate);
    if (booked > MAX_MINOR) return 'refused';
    const points = (booked / this.pointsRule.perAmountMinor) * this.pointsRule.points;
    this.purchases.set(orderReference, {
      minor: purchase.minor,
      booked,
      day: purchase.day,
      points,
      refundedMinor: 0n,
      refundedBooked: 0n,
      pointsReversed: 0n,
    });
    this.addRevenue(purchase.day, booked);
    this.pointsBalance += points;
    return 'recorded';
  }

  /** What is left to refund of a recorded purchase, in its own currency's minor units. */
  refundable(orderReference: string): bigint {
    const purchase = this.purchases.get(orderReference);
    return purchase ? purchase.minor - purchase.refundedMinor : 0n;
  }

  refund(orderReference: string, minor: bigint, day: string): Outcome {
    const purchase = this.purchases.get(orderReference);
    // A refund is an amount like any other: over the limit it is bad input before it is a conflict.
    if (!purchase || minor <= 0n || minor > MAX_MINOR) return 'refused';
    if (minor > purchase.minor - purchase.refundedMinor) return 'exceeds';
    const emptied = minor === purchase.minor - purchase.refundedMinor;
    const booked = emptied
      ? purchase.booked - purchase.refundedBooked
      : roundHalfEven(minor * purchase.booked, purchase.minor);
    purchase.refundedMinor += minor;
    purchase.refundedBooked += booked;
    const due = (purchase.points * purchase.refundedMinor) / purchase.minor;
    const back = due - purchase.pointsReversed;
    purchase.pointsReversed = due;
    this.pointsBalance -= back;
    this.addRevenue(day, -booked);
    return 'recorded';
  }

  /** D5: the business days with a purchase that was not refunded in full. */
  get buyingDays(): string[] {
    const days = new Set<string>();
    for (const purchase of this.purchases.values())
      if (purchase.refundedMinor < purchase.minor) days.add(purchase.day);
    return [...days].sort();
  }

  /** Net revenue over all time, in company-currency minor units. */
  get lifetimeRevenue(): bigint {
    let sum = 0n;
    for (const amount of this.revenueByDay.values()) sum += amount;
    return sum;
  }

  /** Net revenue of the business days `inWindow` accepts. */
  revenueWhere(inWindow: (day: string) => boolean): bigint {
    let sum = 0n;
    for (const [day, amount] of this.revenueByDay) if (inWindow(day)) sum += amount;
    return sum;
  }

  private addRevenue(day: string, amount: bigint): void {
    this.revenueByDay.set(day, (this.revenueByDay.get(day) ?? 0n) + amount);
  }
}
