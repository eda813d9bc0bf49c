export interface PointsRate {
  /** Points are earned per this many minor units of the company currency (D11 default 100.00)... */
  readonly perAmountMinor: bigint;
  /** ...this many points (D11 default 1). */
  readonly points: number;
}

/** D11: points earned on an amount booked in the company currency; whole blocks only. */
export const pointsFor = (bookedMinor: bigint, rate: PointsRate): number =>
  bookedMinor <= 0n ? 0 : Number(bookedMinor / rate.perAmountMinor) * rate.points;
