import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';

/** What a tier recomputation recorded: the date it tiered the customers as of. */
interface RecordedRun {
  readonly asOf: string;
}

/**
 * D3, "the tiers on date D": the tiers the system had assigned then, which is what the run in
 * effect on D recorded (the latest `asOf` at or before D; of two runs as of the same instant, the
 * later one). A date in the future has no answer yet, and a date before the first run has none at
 * all: both are refused naming `asOf`, so a typo such as 1970 is told, not answered with nothing.
 */
export function runInEffect<TRun extends RecordedRun>(
  runs: readonly TRun[],
  asOf: Date,
  now: Date,
): TRun {
  if (asOf.getTime() > now.getTime()) {
    throw new AnalyticsError(AnalyticsErrorCode.AsOfInFuture, 'asOf is in the future', {
      errors: [
        {
          field: 'asOf',
          message: 'must not be in the future (omit it to recompute the tiers now)',
        },
      ],
    });
  }
  let found: TRun | undefined;
  for (const run of runs) {
    const at = Date.parse(run.asOf);
    if (at <= asOf.getTime() && (found === undefined || at >= Date.parse(found.asOf))) found = run;
  }
  if (found === undefined) {
    const first = runs.reduce<string | undefined>(
      (earliest, run) => (earliest === undefined || run.asOf < earliest ? run.asOf : earliest),
      undefined,
    );
    throw new AnalyticsError(
      AnalyticsErrorCode.AsOfBeforeFirstRecomputation,
      'no tiers had been assigned on asOf',
      {
        errors: [
          {
            field: 'asOf',
            message:
              first === undefined
                ? 'no tiers have been assigned yet'
                : `is before the first tier recomputation (${first})`,
          },
        ],
      },
    );
  }
  return found;
}
