import type { Tier } from './abc';

/**
 * The reference model of D4 (docs/domain.md, ADR 126), written from the rule: a customer requires
 * 3 visits a month as A, 2 as B, 1 as C (its tier as the month begins; a customer first ranked
 * during the month takes that first tier). Completed visits in person (`face_to_face`, `meeting`)
 * count, a phone call only for a C customer, capped at what the tier requires. Compliance is
 * counted ÷ required to four decimals (null when nothing is required).
 */
export const REQUIRED_VISITS: Readonly<Record<Tier, number>> = { A: 3, B: 2, C: 1 };

export type VisitChannel = 'face_to_face' | 'meeting' | 'phone' | 'wechat' | 'email';

export interface ModelVisit {
  readonly channel: VisitChannel;
  readonly status: 'planned' | 'completed' | 'cancelled';
  /** The customer's feedback (1–5) when completed (D6). */
  readonly score: number;
}

export interface Counted {
  readonly required: number;
  readonly counted: number;
}

export function referenceCounted(tier: Tier, visits: readonly ModelVisit[]): Counted {
  const required = REQUIRED_VISITS[tier];
  const qualifying = visits.filter(
    (visit) =>
      visit.status === 'completed' &&
      (visit.channel === 'face_to_face' ||
        visit.channel === 'meeting' ||
        (visit.channel === 'phone' && tier === 'C')),
  ).length;
  return { required, counted: Math.min(qualifying, required) };
}

/** counted ÷ required in ten-thousandths, rounded half up, as the four-decimal number it names. */
export function referenceRatio({ required, counted }: Counted): number | null {
  if (required === 0) return null;
  const tenThousandths = (BigInt(counted) * 20_000n + BigInt(required)) / (2n * BigInt(required));
  return Number(tenThousandths) / 10_000;
}
