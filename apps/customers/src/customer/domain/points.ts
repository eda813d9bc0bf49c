export interface PointsRate {
  /** Points are earned per this many currency units (D11 default 100)... */
  readonly perAmount: number;
  /** ...this many points (D11 default 1). */
  readonly points: number;
}

/** D11: points earned on a purchase amount; whole blocks only. */
export const pointsFor = (amount: number, rate: PointsRate): number =>
  Math.floor(amount / rate.perAmount + 1e-9) * rate.points;

/** Money is summed in cents so that thousands of purchases add up exactly. */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;
