import { ConfigError } from '@crm/platform';
import { expectEveryBadSettingNamed, REQUIRED_SERVICE_SETTINGS } from '@crm/testing';
import { analyticsRulesOf, loadAnalyticsConfig } from './analytics.config';

const required = REQUIRED_SERVICE_SETTINGS;

describe('analytics config', () => {
  it('defaults to the numbers of D3, D4, D5, D6 and D10', () => {
    const config = loadAnalyticsConfig(required);
    expect(analyticsRulesOf(config)).toEqual({
      tiers: { windowMonths: 12, aBeforeShare: 0.55, bBeforeShare: 0.85, currency: 'CNY' },
      healthyMix: { shares: { A: 0.2, B: 0.4, C: 0.4 }, tolerance: 0.1 },
      compliance: { requiredVisits: { A: 3, B: 2, C: 1 }, defaultTier: 'C' },
      lifecycle: {
        defaultIntervalDays: 30,
        drowsyAfter: 2,
        halfAsleepAfter: 4,
        dormantAfter: 6,
        lostAfter: 12,
      },
      csi: { windowDays: 365, halfLifeDays: 90 },
      alerts: { floor: 60, maxDrop: 15, dropWindowDays: 30 },
      nps: { windowDays: 365, promoterFrom: 9, detractorUpTo: 6 },
      loyalty: { tenureBucketDays: [90, 365, 730, 1825] },
      stageWinRates: {
        lead: 0.05,
        qualified: 0.1,
        needs_analysis: 0.2,
        proposal: 0.3,
        negotiation: 0.5,
        commitment: 0.8,
      },
      timeZone: 'Asia/Shanghai',
      timelineEntriesPerCustomer: 2000,
    });
    expect(config.TIER_RECOMPUTE_CRON).toBe('0 2 * * *');
    expect(config.PORT).toBe(3004);
  });

  it('takes every rule from the environment', () => {
    const rules = analyticsRulesOf(
      loadAnalyticsConfig({
        ...required,
        TIER_WINDOW_MONTHS: '6',
        TIER_A_BEFORE_SHARE: '0.5',
        TIER_B_BEFORE_SHARE: '0.9',
        TIER_HEALTHY_MIX: '0.1,0.3,0.6',
        TIER_MIX_TOLERANCE: '0.05',
        VISITS_REQUIRED_PER_MONTH: 'A:4,B:2,C:0',
        LIFECYCLE_DEFAULT_INTERVAL_DAYS: '14',
        LIFECYCLE_DROWSY_AFTER: '3',
        LIFECYCLE_HALF_ASLEEP_AFTER: '5',
        LIFECYCLE_DORMANT_AFTER: '8',
        LIFECYCLE_LOST_AFTER: '20',
        CSI_WINDOW_DAYS: '180',
        CSI_HALF_LIFE_DAYS: '30',
        CSI_ALERT_FLOOR: '70',
        CSI_ALERT_MAX_DROP: '10',
        CSI_ALERT_DROP_WINDOW_DAYS: '14',
        NPS_PROMOTER_FROM: '8',
        NPS_DETRACTOR_UP_TO: '5',
        LOYALTY_TENURE_BUCKET_DAYS: '30, 180,360,1080',
        FUNNEL_STAGE_WIN_RATES: '1,2,3,4,5,6',
        ANALYTICS_TIME_ZONE: 'Europe/Berlin',
      }),
    );
    expect(rules.tiers).toEqual({
      windowMonths: 6,
      aBeforeShare: 0.5,
      bBeforeShare: 0.9,
      currency: 'CNY',
    });
    expect(rules.healthyMix).toEqual({ shares: { A: 0.1, B: 0.3, C: 0.6 }, tolerance: 0.05 });
    expect(rules.compliance.requiredVisits).toEqual({ A: 4, B: 2, C: 0 });
    expect(rules.lifecycle).toEqual({
      defaultIntervalDays: 14,
      drowsyAfter: 3,
      halfAsleepAfter: 5,
      dormantAfter: 8,
      lostAfter: 20,
    });
    expect(rules.csi).toEqual({ windowDays: 180, halfLifeDays: 30 });
    expect(rules.alerts).toEqual({ floor: 70, maxDrop: 10, dropWindowDays: 14 });
    // The NPS counts over the CSI's window.
    expect(rules.nps).toEqual({ windowDays: 180, promoterFrom: 8, detractorUpTo: 5 });
    expect(rules.loyalty).toEqual({ tenureBucketDays: [30, 180, 360, 1080] });
    expect(rules.stageWinRates.commitment).toBeCloseTo(0.06);
    expect(rules.timeZone).toBe('Europe/Berlin');
  });

  it('names every bad variable', () =>
    expectEveryBadSettingNamed(loadAnalyticsConfig, {
      TIER_A_BEFORE_SHARE: '1.5',
      FUNNEL_STAGE_WIN_RATES: '5,10,20',
      VISITS_REQUIRED_PER_MONTH: 'A:three',
      ANALYTICS_TIME_ZONE: 'Mars/Olympus',
      TIER_RECOMPUTE_CRON: 'nightly',
      CSI_HALF_LIFE_DAYS: '0',
      LOYALTY_TENURE_BUCKET_DAYS: '90,365,1825',
    }));

  it('refuses NPS detractors reaching the promoters', () => {
    expect(() =>
      loadAnalyticsConfig({ ...required, NPS_PROMOTER_FROM: '7', NPS_DETRACTOR_UP_TO: '7' }),
    ).toThrow(ConfigError);
  });

  it.each(['90,365,365,1825', '365,90,730,1825', '0,365,730,1825', '90,365,730,1825.5'])(
    'refuses tenure bucket bounds %s (four increasing whole days)',
    (bounds) => {
      expect(() =>
        loadAnalyticsConfig({ ...required, LOYALTY_TENURE_BUCKET_DAYS: bounds }),
      ).toThrow(ConfigError);
    },
  );

  it('refuses lifecycle multiples out of order', () => {
    expect(() => loadAnalyticsConfig({ ...required, LIFECYCLE_HALF_ASLEEP_AFTER: '7' })).toThrow(
      ConfigError,
    );
  });
});
