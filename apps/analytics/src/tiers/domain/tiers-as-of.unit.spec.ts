import { AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import { refusal } from '@apps/analytics/test/analytics-refusal.kit';
import { runInEffect } from './tiers-as-of';

const now = new Date('2026-11-30T12:00:00Z');
const run = (id: string, asOf: string) => ({ id, asOf });
const runs = [
  run('first', '2026-01-01T02:00:00.000Z'),
  run('nightly', '2026-11-24T02:00:00.000Z'),
  run('again', '2026-11-24T02:00:00.000Z'),
  run('latest', '2026-11-29T02:00:00.000Z'),
];

describe('the tiers on a past date (D3: the tier the system had assigned then)', () => {
  it('is the run in effect on that date: the latest as of then, the later of two at the same instant', () => {
    expect(runInEffect(runs, new Date('2026-11-25T00:00:00Z'), now).id).toBe('again');
    expect(runInEffect(runs, new Date('2026-11-24T02:00:00.000Z'), now).id).toBe('again');
    expect(runInEffect(runs, new Date('2026-11-24T01:59:59.999Z'), now).id).toBe('first');
    expect(runInEffect(runs, now, now).id).toBe('latest');
    // The order in which runs were recorded does not matter: a back-dated run counts at its date.
    expect(runInEffect([...runs].reverse(), new Date('2026-06-01T00:00:00Z'), now).id).toBe(
      'first',
    );
  });

  it('refuses 1970 and any date before the first run, naming asOf and the first run', () => {
    expect(refusal(() => runInEffect(runs, new Date('1970-01-01T00:00:00Z'), now))).toEqual({
      code: AnalyticsErrorCode.AsOfBeforeFirstRecomputation,
      details: {
        errors: [
          {
            field: 'asOf',
            message: 'is before the first tier recomputation (2026-01-01T02:00:00.000Z)',
          },
        ],
      },
    });
    expect(refusal(() => runInEffect([], new Date('2026-11-01T00:00:00Z'), now))).toMatchObject({
      code: AnalyticsErrorCode.AsOfBeforeFirstRecomputation,
      details: { errors: [{ field: 'asOf', message: 'no tiers have been assigned yet' }] },
    });
  });

  it('refuses a date in the future, even one millisecond ahead', () => {
    for (const future of [new Date(now.getTime() + 1), new Date('9999-12-31T23:59:59Z')]) {
      expect(refusal(() => runInEffect(runs, future, now))).toMatchObject({
        code: AnalyticsErrorCode.AsOfInFuture,
        details: { errors: [expect.objectContaining({ field: 'asOf' })] },
      });
    }
  });
});
