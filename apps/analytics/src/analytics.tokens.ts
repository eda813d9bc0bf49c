/** The D3–D10 rules (AnalyticsRules) derived from the configuration. */
export const ANALYTICS_RULES = Symbol('ANALYTICS_RULES');
