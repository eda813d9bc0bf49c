import { AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';
import { refusal } from '@apps/analytics/test/analytics-refusal.kit';
import { stagesOn } from './lifecycle-as-of';

const now = new Date('2026-11-30T12:00:00Z');
const entry = (value: string, from: string, eventId = `${value}-${from}`) => ({
  value,
  from,
  eventId,
});

describe('the lifecycle stages on a past date (D5, read like the tiers)', () => {
  // Three customers; histories recorded out of order, as a projection may hold them.
  const histories = [
    [entry('drowsy', '2026-07-21T00:00:00.000Z'), entry('active', '2026-07-20T00:00:00.000Z')],
    [entry('new', '2026-03-01T00:00:00.000Z'), entry('lost', '2026-11-01T00:00:00.000Z')],
    [entry('active', '2026-10-01T00:00:00.000Z')],
  ];

  it('counts each customer once, in the stage recorded last at or before the date', () => {
    expect(stagesOn(histories, new Date('2026-07-20T12:00:00Z'), now)).toEqual({
      asOf: '2026-07-20T12:00:00.000Z',
      stages: { prospect: 0, new: 1, active: 1, drowsy: 0, half_asleep: 0, dormant: 0, lost: 0 },
    });
    expect(stagesOn(histories, now, now).stages).toMatchObject({ drowsy: 1, lost: 1, active: 1 });
    // A customer without a stage on the date is not counted (the third, before October).
    const inAugust = stagesOn(histories, new Date('2026-08-01T00:00:00Z'), now).stages;
    expect(Object.values(inAugust).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('refuses a date in the future and one before every recorded stage, naming asOf', () => {
    expect(refusal(() => stagesOn(histories, new Date('2999-01-01T00:00:00Z'), now))).toMatchObject(
      { code: AnalyticsErrorCode.AsOfInFuture, details: { errors: [{ field: 'asOf' }] } },
    );
    expect(refusal(() => stagesOn(histories, new Date(0), now))).toMatchObject({
      code: AnalyticsErrorCode.AsOfBeforeFirstEvaluation,
      details: {
        errors: [{ field: 'asOf', message: expect.stringContaining('2026-03-01') }],
      },
    });
    expect(refusal(() => stagesOn([], now, now))).toMatchObject({
      code: AnalyticsErrorCode.AsOfBeforeFirstEvaluation,
    });
  });
});
