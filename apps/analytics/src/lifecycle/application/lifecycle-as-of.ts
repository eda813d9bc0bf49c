import { LIFECYCLE_STAGES } from '@crm/contracts';
import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import {
  valueOn,
  type HistoryEntry,
} from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';

type Stage = (typeof LIFECYCLE_STAGES)[number];

/** The answer to "the stages on date D": customers per stage as the evaluations had recorded them. */
export interface LifecycleAsOf {
  readonly asOf: string;
  readonly stages: Record<Stage, number>;
}

/**
 * D5 on a past date, like the tiers (ADR 87): the stage each customer had been given by then (the
 * last entry of its lifecycle history effective at or before `asOf`), counted per stage. A date in
 * the future has no answer yet and one before every recorded stage none at all: both are refused
 * naming `asOf`, so a typo (1970) is told, not answered with zeros.
 */
export function stagesOn(
  histories: readonly (readonly HistoryEntry<string>[])[],
  asOf: Date,
  now: Date,
): LifecycleAsOf {
  if (asOf.getTime() > now.getTime()) {
    throw new AnalyticsError(AnalyticsErrorCode.AsOfInFuture, 'asOf is in the future', {
      errors: [
        {
          field: 'asOf',
          message: 'must not be in the future (omit it to evaluate the stages now)',
        },
      ],
    });
  }
  const stages = Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, 0])) as Record<
    Stage,
    number
  >;
  let recorded = false;
  for (const history of histories) {
    const entry = valueOn(history, asOf);
    if (entry === null) continue;
    recorded = true;
    if (entry.value in stages) stages[entry.value as Stage] += 1;
  }
  if (!recorded) {
    const first = histories
      .flat()
      .reduce<string | undefined>(
        (earliest, entry) =>
          earliest === undefined || entry.from < earliest ? entry.from : earliest,
        undefined,
      );
    throw new AnalyticsError(
      AnalyticsErrorCode.AsOfBeforeFirstEvaluation,
      'no lifecycle stage had been recorded on asOf',
      {
        errors: [
          {
            field: 'asOf',
            message:
              first === undefined
                ? 'no lifecycle stage has been recorded yet'
                : `is before the first recorded lifecycle stage (${first})`,
          },
        ],
      },
    );
  }
  return { asOf: asOf.toISOString(), stages };
}
