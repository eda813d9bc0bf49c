/** D6: what an answered survey contributes to satisfaction — one CSI score, and its NPS answer. */

/** A survey is one score: the plain mean of its questions' 1–5 answers (still on the 1–5 scale). */
export const surveyScoreOf = (questions: readonly { readonly score: number }[]): number =>
  questions.reduce((sum, question) => sum + question.score, 0) / questions.length;

export interface NpsRule {
  /** Answers older than this do not count: the CSI's window (365 days, the last 12 months). */
  readonly windowDays: number;
  /** An answer at or above this is a promoter's (9). */
  readonly promoterFrom: number;
  /** An answer at or below this is a detractor's (6); between the two, a passive's. */
  readonly detractorUpTo: number;
}

export interface NpsFigures {
  /** Survey answers with an NPS in the window. */
  readonly npsAnswers: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** % promoters − % detractors, a whole number −100..100 (halves away from zero); null without answers. */
  readonly nps: number | null;
}

const DAY_MS = 86_400_000;

/** The Net Promoter Score of the NPS answers (0–10) given within the window before `asOf`. */
export function npsOf(
  answers: readonly { readonly nps: number; readonly at: Date }[],
  asOf: Date,
  rule: NpsRule,
): NpsFigures {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const answer of answers) {
    const ageDays = (asOf.getTime() - answer.at.getTime()) / DAY_MS;
    if (ageDays < 0 || ageDays > rule.windowDays) continue;
    if (answer.nps >= rule.promoterFrom) promoters += 1;
    else if (answer.nps <= rule.detractorUpTo) detractors += 1;
    else passives += 1;
  }
  const npsAnswers = promoters + passives + detractors;
  if (npsAnswers === 0) return { npsAnswers, promoters, passives, detractors, nps: null };
  const share = ((promoters - detractors) * 100) / npsAnswers;
  const nps = Math.sign(share) * Math.round(Math.abs(share));
  // Math.sign(0) * 0 is 0, but -0 would print as 0 and compare unequal in tests: normalise.
  return { npsAnswers, promoters, passives, detractors, nps: nps === 0 ? 0 : nps };
}
