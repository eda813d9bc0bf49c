import {
  loyaltyFigures,
  monthPeriods,
  monthsBefore,
  twelveMonthPeriods,
  type LoyaltyRule,
} from './loyalty';

/** ADR 142's buckets: [0, 90), [90, 365), [365, 730), [730, 1825), from 1825 days. */
const RULE: LoyaltyRule = { tenureBucketDays: [90, 365, 730, 1825] };

describe('loyalty figures (D6, ADR 142)', () => {
  it('a calendar month and the month before it; twelve months ending on a date and the twelve before', () => {
    expect(monthPeriods('2026-03')).toEqual({
      period: { from: '2026-03-01', to: '2026-03-31' },
      previous: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(monthPeriods('2026-01').previous).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(twelveMonthPeriods('2026-11-30')).toEqual({
      period: { from: '2025-12-01', to: '2026-11-30' },
      previous: { from: '2024-12-01', to: '2025-11-30' },
    });
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
  });

  it('given buying days: repeat, retained and tenure as the rule defines them', () => {
    const periods = monthPeriods('2026-03');
    const figures = loyaltyFigures(
      [
        ['2026-03-05'], // new this month: active, not a repeat
        ['2026-03-02', '2026-03-20'], // twice this month: a repeat
        ['2025-03-01', '2026-02-10', '2026-03-10'], // bought last month and again: retained
        ['2026-02-14'], // bought last month only: not retained
        ['2026-04-01'], // after the period: known only later
        [],
      ],
      periods,
      RULE,
    );
    expect(figures).toEqual({
      activeCustomers: 3,
      repeatCustomers: 2,
      repeatPurchaseRate: 0.6667,
      previousCustomers: 2,
      retainedCustomers: 1,
      retentionRate: 0.5,
      tenure: {
        // 26, 29 and 395 days to 31 March
        medianDays: 29,
        buckets: {
          under_3_months: 2,
          '3_to_12_months': 0,
          '1_to_2_years': 1,
          '2_to_5_years': 0,
          over_5_years: 0,
        },
      },
    });
  });

  it('nobody active and nobody before: rates are null, not zero', () => {
    const figures = loyaltyFigures([], twelveMonthPeriods('2026-11-30'), RULE);
    expect(figures.repeatPurchaseRate).toBeNull();
    expect(figures.retentionRate).toBeNull();
    expect(figures.tenure.medianDays).toBeNull();
  });

  it('puts each tenure in the bucket the configured bounds give it, a bound opening its bucket', () => {
    // To 31 March 2026: tenures 0, 29, 30, 59, 60 and 400 days.
    const firstDays = ['2026-03-31', '2026-03-02', '2026-03-01', '2026-01-31', '2026-01-30'];
    const figures = loyaltyFigures(
      [...firstDays.map((day) => [day, '2026-03-31']), ['2025-02-24', '2026-03-15']],
      monthPeriods('2026-03'),
      { tenureBucketDays: [30, 60, 365, 366] },
    );
    expect(figures.tenure.buckets).toEqual({
      under_3_months: 2,
      '3_to_12_months': 2,
      '1_to_2_years': 1,
      '2_to_5_years': 0,
      over_5_years: 1,
    });
  });
});
