/** D6: the customer satisfaction index and its early warning. */
export interface SatisfactionScore {
  /** 1–5 (visit feedback, complaint closure, survey answers, follow-up calls) or NPS 0–10. */
  readonly value: number;
  readonly scale: 'five_point' | 'nps';
  readonly at: Date;
}

export interface CsiRule {
  /** Scores older than this do not count (365 days: the last 12 months). */
  readonly windowDays: number;
  /** A score this old weighs half as much as a score of today (90). */
  readonly halfLifeDays: number;
}

const DAY_MS = 86_400_000;

/** Maps a score to 0–100: 1→0, 3→50, 5→100 on the five-point scale; NPS n→10n. */
export const toHundred = (score: Pick<SatisfactionScore, 'value' | 'scale'>): number =>
  score.scale === 'nps' ? score.value * 10 : ((score.value - 1) / 4) * 100;

/** Recency-weighted mean of the scores in the window, 0–100; null without scores. */
export function csi(
  scores: readonly SatisfactionScore[],
  asOf: Date,
  rule: CsiRule,
): number | null {
  let weighted = 0;
  let weights = 0;
  for (const score of scores) {
    const ageDays = (asOf.getTime() - score.at.getTime()) / DAY_MS;
    if (ageDays < 0 || ageDays > rule.windowDays) continue;
    const weight = 0.5 ** (ageDays / rule.halfLifeDays);
    weighted += weight * toHundred(score);
    weights += weight;
  }
  return weights === 0 ? null : weighted / weights;
}

/** The CSI of five-point scores kept with their business time as ISO text (the read model's form). */
export const csiOfFivePoint = (
  scores: readonly { readonly value: number; readonly at: string }[],
  asOf: Date,
  rule: CsiRule,
): number | null =>
  csi(
    scores.map((score) => ({ value: score.value, scale: 'five_point', at: new Date(score.at) })),
    asOf,
    rule,
  );

export interface AlertRule {
  /** Below this CSI a customer is at risk (60). */
  readonly floor: number;
  /** A drop of more than this many points… (15) */
  readonly maxDrop: number;
  /** …within this many days (30). */
  readonly dropWindowDays: number;
}

export type AlertReason = 'below_floor' | 'sharp_drop';

export interface AlertDecision {
  /** The customer is in an alert episode after this evaluation. */
  readonly inEpisode: boolean;
  /** An alert is to be raised now: the episode has just begun. */
  readonly raise: AlertReason | null;
}

/**
 * One alert per episode: it is raised when the CSI falls below the floor or drops sharply, and not
 * again until the CSI has recovered (at or above the floor and no sharp drop).
 */
export function evaluateAlert(
  current: number | null,
  dropWindowPeak: number | null,
  inEpisode: boolean,
  rule: AlertRule,
): AlertDecision {
  if (current === null) return { inEpisode, raise: null };
  const reason: AlertReason | null =
    current < rule.floor
      ? 'below_floor'
      : dropWindowPeak !== null && dropWindowPeak - current > rule.maxDrop
        ? 'sharp_drop'
        : null;
  if (reason === null) return { inEpisode: false, raise: null };
  return { inEpisode: true, raise: inEpisode ? null : reason };
}
