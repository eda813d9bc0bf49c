import { expectEveryBadSettingNamed, REQUIRED_SERVICE_SETTINGS } from '@crm/testing';
import {
  funnelPolicyOf,
  loadVisitsConfig,
  missedVisitPolicyOf,
  visitPlanPolicyOf,
} from './visits.config';

const base = REQUIRED_SERVICE_SETTINGS;

describe('visits configuration', () => {
  it('defaults to docs/domain.md: A 3, B 2, C 1 visits; win rates 5/10/20/30/50/80; end of day in Asia/Shanghai', () => {
    const config = loadVisitsConfig(base);
    expect(visitPlanPolicyOf(config)).toEqual({
      requiredVisits: { A: 3, B: 2, C: 1 },
      firstWeekDays: 7,
      defaultTier: 'C',
    });
    expect(funnelPolicyOf(config).winRates).toEqual({
      lead: 5,
      qualified: 10,
      needs_analysis: 20,
      proposal: 30,
      negotiation: 50,
      commitment: 80,
    });
    expect(funnelPolicyOf(config).progressStages).toMatchObject({
      demo_agreed: 'needs_analysis',
      joint_push_agreed: 'commitment',
    });
    expect(config.VISITS_DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(missedVisitPolicyOf(config)).toEqual({ endOfDayOffsetMs: 0 });
  });

  it('takes every business number from the environment', () => {
    const config = loadVisitsConfig({
      ...base,
      VISITS_REQUIRED_A: '4',
      VISITS_REQUIRED_C: '0',
      OPPORTUNITY_STAGE_WIN_RATES: '1, 2, 3, 4, 5, 6',
      OPPORTUNITY_PROGRESS_STAGES: 'demo_agreed:proposal',
      VISITS_DEFAULT_TIME_ZONE: 'Europe/Berlin',
      VISITS_MISSED_END_OF_DAY_OFFSET_MS: '-3600000',
    });
    expect(visitPlanPolicyOf(config).requiredVisits).toEqual({ A: 4, B: 2, C: 0 });
    expect(funnelPolicyOf(config)).toEqual({
      winRates: {
        lead: 1,
        qualified: 2,
        needs_analysis: 3,
        proposal: 4,
        negotiation: 5,
        commitment: 6,
      },
      progressStages: { demo_agreed: 'proposal' },
    });
    expect(missedVisitPolicyOf(config).endOfDayOffsetMs).toBe(-3_600_000);
  });

  it('names every bad variable', () =>
    expectEveryBadSettingNamed(loadVisitsConfig, {
      VISITS_REQUIRED_B: 'two',
      OPPORTUNITY_STAGE_WIN_RATES: '5,10,20',
      OPPORTUNITY_PROGRESS_STAGES: 'demo_agreed:heaven',
      VISITS_DEFAULT_TIME_ZONE: 'Mars/Olympus',
    }));
});
