/** The D3–D10 rules (AnalyticsRules) derived from the configuration. */
export const ANALYTICS_RULES = Symbol('ANALYTICS_RULES');
/** The clock of the computations (`() => Date`): injected so tests can fix "now". */
export const ANALYTICS_CLOCK = Symbol('ANALYTICS_CLOCK');
