import type { abcZhCN } from './abc.zh-CN';

/** The texts of the ABC tier analysis, in English: the same keys as in Chinese. */
export const abcEn: Record<keyof typeof abcZhCN, string> = {
  'abc.title': 'ABC tiers',
  'abc.pareto': 'Pareto curve (cumulative share of revenue)',
  'abc.mix': 'Tier mix against the healthy 20/40/40',
  'abc.actual': 'Actual',
  'abc.healthy': 'Healthy',
  'abc.skewed': 'The mix is outside the healthy range',
  'abc.members': 'Customers',
  'abc.healthyMix': 'Healthy mix (by customers)',
  'abc.revenue': 'Window revenue',
  'abc.cumulativeShare': 'Cumulative share',
  'abc.noRun': 'Tiers have not been computed yet.',
};
