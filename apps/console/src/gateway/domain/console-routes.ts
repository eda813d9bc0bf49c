import { COMPLAINT_STEPS, ROLES, type Role } from '@crm/contracts';

export const CONSOLE_SERVICES = ['customers', 'visits', 'complaints', 'analytics'] as const;
export type ConsoleService = (typeof CONSOLE_SERVICES)[number];

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ConsoleRoute {
  readonly service: ConsoleService;
  readonly method: HttpMethod;
  /** The service's path, parameters as `{name}` (as in its OpenAPI document). */
  readonly path: string;
  readonly roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ROLES;
const SALES: readonly Role[] = ['admin', 'sales_manager', 'sales_rep'];
const MANAGERS: readonly Role[] = ['admin', 'sales_manager'];
const COMPLAINT_HANDLERS: readonly Role[] = ['service_agent', 'supervisor', 'admin'];
const COMPLAINT_READERS: readonly Role[] = [...COMPLAINT_HANDLERS, 'analyst'];
const ANALYTICS_READERS: readonly Role[] = ['admin', 'analyst', 'supervisor', 'sales_manager'];
const CUSTOMER_VIEW_READERS: readonly Role[] = [...ANALYTICS_READERS, 'sales_rep'];
const FOLLOW_UP_OWNERS: readonly Role[] = ['sales_rep', 'sales_manager', 'supervisor', 'admin'];
const CARD_COMPLETENESS_READERS: readonly Role[] = [...SALES, 'analyst'];

const route = (
  service: ConsoleService,
  method: HttpMethod,
  path: string,
  roles: readonly Role[],
): ConsoleRoute => ({ service, method, path, roles });

/**
 * What the console forwards, and for whom: the operations its pages call, each with the roles the
 * owning service admits (the services check again; this table keeps a session from reaching
 * anything the console does not need). A call not in this table is refused before it leaves.
 */
export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  route('customers', 'GET', '/customers', EVERYONE),
  // Before `/customers/{id}`: the first route a path matches decides.
  route('customers', 'GET', '/customers/completeness', CARD_COMPLETENESS_READERS),
  route('customers', 'GET', '/customers/completeness/cards', CARD_COMPLETENESS_READERS),
  route('customers', 'GET', '/customers/{id}', EVERYONE),
  route('customers', 'POST', '/customers', SALES),
  route('customers', 'POST', '/customers/duplicates/check', SALES),
  route('customers', 'POST', '/customers/{id}/contacts', SALES),
  route('customers', 'POST', '/customers/{id}/purchases', SALES),
  route('customers', 'POST', '/customers/{id}/points/redeem', SALES),
  route('customers', 'GET', '/customers/{id}/history', MANAGERS),

  route('visits', 'GET', '/visits', SALES),
  route('visits', 'POST', '/visits', SALES),
  route('visits', 'POST', '/visits/{id}/complete', SALES),
  route('visits', 'GET', '/visit-plans/{month}', SALES),
  route('visits', 'GET', '/opportunities', SALES),
  route('visits', 'POST', '/opportunities', SALES),

  route('complaints', 'GET', '/complaints', COMPLAINT_READERS),
  route('complaints', 'GET', '/complaints/counts', COMPLAINT_READERS),
  route('complaints', 'GET', '/complaints/{id}', COMPLAINT_READERS),
  route('complaints', 'POST', '/complaints', COMPLAINT_HANDLERS),
  // Every D7 step but the two whose approver the service's decider picks by the cost (below).
  ...COMPLAINT_STEPS.filter((step) => step !== 'approve' && step !== 'send-back').map((step) =>
    route('complaints', 'POST', `/complaints/{id}/${step}`, COMPLAINT_HANDLERS),
  ),
  // Who approves depends on the cost (D7): the service's decider decides, as on its own route.
  route('complaints', 'POST', '/complaints/{id}/approve', EVERYONE),
  route('complaints', 'POST', '/complaints/{id}/send-back', EVERYONE),

  route('analytics', 'GET', '/analytics/customers/{id}', CUSTOMER_VIEW_READERS),
  route('analytics', 'GET', '/analytics/customers/{id}/satisfaction', CUSTOMER_VIEW_READERS),
  route('analytics', 'GET', '/analytics/customers/{id}/timeline', CUSTOMER_VIEW_READERS),
  route('analytics', 'GET', '/analytics/customers/{id}/tiers', ANALYTICS_READERS),
  route('analytics', 'GET', '/analytics/tiers', ANALYTICS_READERS),
  route('analytics', 'GET', '/analytics/lifecycle', ANALYTICS_READERS),
  route('analytics', 'GET', '/analytics/satisfaction', ANALYTICS_READERS),
  route('analytics', 'GET', '/analytics/satisfaction/at-risk', ANALYTICS_READERS),
  // D6 loyalty aggregates: a rep's over their own customers (ADR 142).
  route('analytics', 'GET', '/analytics/loyalty', CUSTOMER_VIEW_READERS),
  route('analytics', 'GET', '/analytics/funnel', ANALYTICS_READERS),
  route('analytics', 'GET', '/analytics/visit-compliance', ANALYTICS_READERS),
  route('analytics', 'GET', '/analytics/complaints/kpis', [
    'admin',
    'analyst',
    'supervisor',
    'service_agent',
  ]),
  route('analytics', 'GET', '/engagement/follow-ups', FOLLOW_UP_OWNERS),
  route('analytics', 'POST', '/engagement/follow-ups/{followUpId}/complete', FOLLOW_UP_OWNERS),
  // The greetings due on the rep's day (read only; an analyst sees the contacts masked).
  route('analytics', 'GET', '/engagement/greetings', [...FOLLOW_UP_OWNERS, 'analyst']),
];

/** The queue dashboard of analytics (bull-board), opened through the session: admins only. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
export const QUEUE_DASHBOARD_ROLES: readonly Role[] = ['admin'];

/** One path segment: what a `{parameter}` may stand for (no slash, no dot-segment). */
const SEGMENT = '(?!\\.{1,2}(?:/|$))[^/]{1,200}';

const compiled = CONSOLE_ROUTES.map((entry) => ({
  entry,
  pattern: new RegExp(`^${entry.path.replace(/\{[^}]+\}/g, SEGMENT)}$`),
}));

export type RouteDecision =
  | { readonly outcome: 'allowed'; readonly route: ConsoleRoute }
  | { readonly outcome: 'forbidden'; readonly route: ConsoleRoute }
  | { readonly outcome: 'unknown' };

/** Whether a caller with these roles may make this call through the console. */
export function decideRoute(
  service: string,
  method: string,
  path: string,
  roles: readonly Role[],
): RouteDecision {
  const match = compiled.find(
    ({ entry, pattern }) =>
      entry.service === service && entry.method === method && pattern.test(path),
  );
  if (!match) return { outcome: 'unknown' };
  return match.entry.roles.some((role) => roles.includes(role))
    ? { outcome: 'allowed', route: match.entry }
    : { outcome: 'forbidden', route: match.entry };
}

/** The calls these roles may make, as `METHOD service path`: what the SPA offers a user. */
export const allowedCallsOf = (roles: readonly Role[]): string[] => [
  ...CONSOLE_ROUTES.filter((entry) => entry.roles.some((role) => roles.includes(role))).map(
    (entry) => `${entry.method} ${entry.service} ${entry.path}`,
  ),
  ...(QUEUE_DASHBOARD_ROLES.some((role) => roles.includes(role))
    ? [`GET analytics ${QUEUE_DASHBOARD_PATH}`]
    : []),
];
