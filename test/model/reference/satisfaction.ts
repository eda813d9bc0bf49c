/**
 * The reference model of D6 satisfaction (CSI, early warning, NPS), written from docs/domain.md D6
 * and ADRs 40, 138 and 146, exact: every figure is a fraction of BigInts, in hundredths of a CSI
 * point.
 *
 * - Each 1–5 score maps to 0–100 (1 → 0, 3 → 50, 5 → 100). A survey is one score: the plain mean
 *   of its questions' 1–5 answers, mapped the same way, kept exact (ADR 146 rounds nothing there:
 *   5, 4, 4 is 83⅓).
 * - The CSI is the recency-weighted mean of the last 12 months' scores (half-life 90 days). The
 *   histories give a customer's scores within a second or two of each other, so the weights differ
 *   by less than a millionth and the CSI is their plain mean up to a `slack` the caller derives from
 *   the measured spread of the scores' times (`slackOf`). The API answers the CSI to the hundredth;
 *   D6 and ADR 138 do not say how a half rounds (a weighted mean of real times is never exactly a
 *   half), so every hundredth within the slack of the exact mean is accepted — one value, except
 *   within the slack of a half-hundredth.
 * - Early warning: below a floor of 60, or a drop of more than 15 points from the peak of the last
 *   30 days, begins an episode and raises one alert; the next alert needs the CSI to have recovered
 *   first (at or above the floor, no sharp drop). Within the slack of either bound the model does
 *   not decide (null): recency weighting does.
 * - NPS (ADR 146): of the surveys in the window with an NPS answer, promoters 9–10, passives 7–8,
 *   detractors 0–6; NPS = % promoters − % detractors rounded to a whole number, halves away from
 *   zero; null without answers.
 */
export const CSI_FLOOR = 6000n;
export const CSI_MAX_DROP = 1500n;
export const HALF_LIFE_MS = 90n * 86_400_000n;
export const NPS_PROMOTER_FROM = 9;
export const NPS_DETRACTOR_UP_TO = 6;

/** An exact value in hundredths of a CSI point: num / den, den > 0. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

export interface ModelSurvey {
  /** 1–5 per question. */
  readonly scores: readonly number[];
  /** 0–10, or not asked. */
  readonly nps: number | null;
  /** Answered before the 12-month window: neither in the CSI nor in the NPS of today. */
  readonly old: boolean;
}

const fraction = (num: bigint, den: bigint): Fraction => ({ num, den });
const compare = (a: Fraction, b: Fraction): number => {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
};
const minus = (a: Fraction, b: Fraction): Fraction =>
  fraction(a.num * b.den - b.num * a.den, a.den * b.den);
export const plus = (a: Fraction, b: Fraction): Fraction =>
  fraction(a.num * b.den + b.num * a.den, a.den * b.den);

/** A five-point score (visit feedback) in hundredths: (v − 1) × 2500. */
export const fivePoint = (score: number): Fraction => fraction(BigInt(score - 1) * 2500n, 1n);

/** A survey's one score: the mean of its answers, mapped to 0–100, in hundredths. */
export const surveyScore = (answers: readonly number[]): Fraction =>
  fraction(
    answers.reduce((sum, answer) => sum + BigInt(answer - 1) * 2500n, 0n),
    BigInt(answers.length),
  );

/** The plain mean of scores given (nearly) at once; null without scores. */
export function plainMean(scores: readonly Fraction[]): Fraction | null {
  if (scores.length === 0) return null;
  const sum = scores.reduce(plus, fraction(0n, 1n));
  return fraction(sum.num, sum.den * BigInt(scores.length));
}

/**
 * How far (hundredths) a recency-weighted mean of 0–100 scores spread over `spreadMs` can lie from
 * their plain mean: the weights differ by a factor r = 2^(spread/half-life) at most, which moves a
 * mean by less than (r − 1) × 100 points; r − 1 < 2 × spread / half-life for spreads far below it.
 */
export const slackOf = (spreadMs: number): Fraction =>
  fraction(2n * 10_000n * BigInt(Math.max(1, Math.ceil(spreadMs))), HALF_LIFE_MS);

/** Every hundredth the API may answer for an exact mean, up to the slack. */
export function acceptedHundredths(exact: Fraction, slack: Fraction): bigint[] {
  const low = minus(exact, slack);
  const high = plus(exact, slack);
  // h is accepted when [h − ½, h + ½] meets [low, high].
  const floorOf = (value: Fraction) => {
    const quotient = value.num / value.den;
    return value.num < 0n && quotient * value.den !== value.num ? quotient - 1n : quotient;
  };
  const first = -floorOf(fraction(-(2n * low.num - low.den), 2n * low.den)); // ceil(low − ½)
  const last = floorOf(fraction(2n * high.num + high.den, 2n * high.den)); // floor(high + ½)
  const values: bigint[] = [];
  for (let h = first; h <= last; h += 1n) values.push(h);
  return values;
}

/** `value` below `bound`, or null when the slack leaves it to the weighting. */
export function below(value: Fraction, bound: Fraction, slack: Fraction): boolean | null {
  if (compare(minus(value, bound), slack) > 0) return false;
  if (compare(minus(bound, value), slack) > 0) return true;
  return null;
}

export interface ReferenceCsi {
  readonly exact: Fraction;
  /** The hundredths the API may answer (one, but near a half-hundredth). */
  readonly accepted: readonly bigint[];
  /** Below the floor; null within the slack of it (recency weighting decides). */
  readonly atRisk: boolean | null;
}

export function referenceCsi(scores: readonly Fraction[], slack: Fraction): ReferenceCsi | null {
  const exact = plainMean(scores);
  if (exact === null) return null;
  return {
    exact,
    accepted: acceptedHundredths(exact, slack),
    atRisk: below(exact, fraction(CSI_FLOOR, 1n), slack),
  };
}

export interface ReferenceTrend {
  /** The CSI right after each score, in business-time order. */
  readonly points: readonly Fraction[];
  /** One per episode; null where a point lies within the slack of a bound. */
  readonly alerts:
    | readonly {
        readonly reason: 'below_floor' | 'sharp_drop';
        readonly at: number;
        readonly csi: Fraction;
        readonly peak: Fraction | null;
      }[]
    | null;
}

/**
 * D6's early warning over a customer's scores as bursts: the scores of one burst are given within
 * the slack's spread, bursts lie more than 12 months apart (an older burst is outside the window of
 * a later one, and more than 30 days from it). Indexes of `at` count the scores over all bursts.
 */
export function referenceTrend(
  bursts: readonly (readonly Fraction[])[],
  slack: Fraction,
): ReferenceTrend {
  const points: Fraction[] = [];
  const alerts: NonNullable<ReferenceTrend['alerts']>[number][] = [];
  let decided = true;
  let inEpisode = false;
  for (const burst of bursts) {
    const recent: Fraction[] = [];
    for (const [n] of burst.entries()) {
      const current = plainMean(burst.slice(0, n + 1))!;
      const peak = recent.reduce<Fraction | null>(
        (top, point) => (top === null || compare(point, top) > 0 ? point : top),
        null,
      );
      // Both the current CSI and the peak may move by the slack.
      const twice = plus(slack, slack);
      const belowFloor = below(current, fraction(CSI_FLOOR, 1n), slack);
      const sharp =
        peak === null ? false : below(fraction(CSI_MAX_DROP, 1n), minus(peak, current), twice);
      if (belowFloor === null || (belowFloor === false && sharp === null)) decided = false;
      const reason = belowFloor ? 'below_floor' : sharp ? 'sharp_drop' : null;
      if (reason !== null && !inEpisode)
        alerts.push({ reason, at: points.length, csi: current, peak });
      inEpisode = reason !== null;
      recent.push(current);
      points.push(current);
    }
  }
  return { points, alerts: decided ? alerts : null };
}

export interface ReferenceNps {
  readonly npsAnswers: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  readonly nps: number | null;
}

/** The NPS of the answers given in the window. */
export function referenceNps(answers: readonly number[]): ReferenceNps {
  const promoters = answers.filter((answer) => answer >= NPS_PROMOTER_FROM).length;
  const detractors = answers.filter((answer) => answer <= NPS_DETRACTOR_UP_TO).length;
  const passives = answers.length - promoters - detractors;
  if (answers.length === 0) return { npsAnswers: 0, promoters, passives, detractors, nps: null };
  const difference = BigInt(promoters - detractors);
  const magnitude = difference < 0n ? -difference : difference;
  const total = BigInt(answers.length);
  // |share| = |P − D| × 100 / N, rounded half up, then given the sign: halves away from zero.
  const rounded = (2n * magnitude * 100n + total) / (2n * total);
  const nps = Number(difference < 0n ? -rounded : rounded);
  return { npsAnswers: answers.length, promoters, passives, detractors, nps };
}
