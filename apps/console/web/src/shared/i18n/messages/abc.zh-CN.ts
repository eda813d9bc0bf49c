/** The texts of the ABC tier analysis, in Simplified Chinese. */
export const abcZhCN = {
  'abc.title': 'ABC 客户分级',
  'abc.pareto': '帕累托曲线（累计收入占比）',
  'abc.mix': '等级构成与健康构成 20/40/40 对比',
  'abc.actual': '实际',
  'abc.healthy': '健康',
  'abc.skewed': '构成偏离健康范围',
  'abc.members': '客户',
  'abc.healthyMix': '健康结构（按客户数）',
  'abc.revenue': '窗口收入',
  'abc.cumulativeShare': '累计占比',
  'abc.noRun': '尚未计算等级。',
} as const;
