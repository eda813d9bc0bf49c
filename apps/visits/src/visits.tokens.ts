/** DI tokens of the visits service's business policies (from its config) and job queues. */
export const FUNNEL_POLICY = Symbol('FUNNEL_POLICY');
export const VISIT_PLAN_POLICY = Symbol('VISIT_PLAN_POLICY');
export const MISSED_VISIT_POLICY = Symbol('MISSED_VISIT_POLICY');
export const JOB_QUEUES = Symbol('JOB_QUEUES');
export const DEFAULT_TIME_ZONE = Symbol('DEFAULT_TIME_ZONE');
export const DEFAULT_CURRENCY = Symbol('DEFAULT_CURRENCY');
export const VISIT_PLAN_LIMITS = Symbol('VISIT_PLAN_LIMITS');
/** Command handlers of the visits service's aggregates (the only writers of their streams). */
export const VISIT_HANDLER = Symbol('VISIT_HANDLER');
export const OPPORTUNITY_HANDLER = Symbol('OPPORTUNITY_HANDLER');
export const VISIT_PLAN_HANDLER = Symbol('VISIT_PLAN_HANDLER');
