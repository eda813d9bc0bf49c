import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response, Router } from 'express';
import { Router as createRouter } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { ConsoleConfig } from '@apps/console/src/console.config';
import {
  CONSOLE_SERVICES,
  decideRoute,
  QUEUE_DASHBOARD_PATH,
  QUEUE_DASHBOARD_ROLES,
  type ConsoleService,
} from '@apps/console/src/gateway/domain/console-routes';
import { ConsoleError, ConsoleErrorCode } from '@apps/console/src/session/domain/session.errors';
import { sendConsoleProblem } from '@apps/console/src/interface/console.error-mapping';
import { isSignedIn } from '@apps/console/src/session/interface/console-session';

export const API_PREFIX = '/api';

/** Headers of the browser's request that never reach a service. */
const BROWSER_ONLY_HEADERS = ['cookie', 'authorization', 'x-csrf-token', 'origin', 'referer'];

/**
 * The dashboard's own page needs its scripts and styles (the service sends `default-src 'none'`,
 * right for an API); it is still never framed.
 */
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

const serviceUrls = (config: ConsoleConfig): Record<ConsoleService, string> => ({
  customers: config.CUSTOMERS_URL,
  visits: config.VISITS_URL,
  complaints: config.COMPLAINTS_URL,
  analytics: config.ANALYTICS_URL,
});

/** A path segment that would climb (`..`, `%2e%2e`) or hide a slash (`%2f`) is never forwarded. */
const isPlainPath = (path: string): boolean =>
  path.split('/').every((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return false;
    }
    return decoded !== '.' && decoded !== '..' && !/[/\\]/.test(decoded);
  });

const refuse = (request: Request, response: Response, code: ConsoleErrorCode, message: string) =>
  sendConsoleProblem(request, response, new ConsoleError(code, message));

const withSessionToken = (proxyRequest: ClientRequest, request: IncomingMessage): void => {
  for (const header of BROWSER_ONLY_HEADERS) proxyRequest.removeHeader(header);
  const token = (request as Request).session?.serviceToken;
  if (token) proxyRequest.setHeader('authorization', `Bearer ${token}`);
};

const unavailable = (
  error: Error,
  request: IncomingMessage,
  response: ServerResponse | unknown,
) => {
  if (!(response instanceof Object) || !('status' in (response as object))) return;
  sendConsoleProblem(
    request as Request,
    response as Response,
    new ConsoleError(ConsoleErrorCode.ServiceUnavailable, error.message),
  );
};

/**
 * `/api/<service>/<path>` → the service's `<path>`, with the session's token, for what the route
 * table offers the session's roles; `/admin/queues` → analytics' queue dashboard, for admins.
 */
export function serviceGateway(config: ConsoleConfig): Router {
  const router = createRouter();
  const urls = serviceUrls(config);

  router.use(API_PREFIX, (request: Request, response: Response, next: NextFunction) => {
    if (!isSignedIn(request)) {
      return refuse(request, response, ConsoleErrorCode.NotSignedIn, 'no session');
    }
    const [, service = '', ...rest] = request.path.split('/');
    const path = `/${rest.join('/')}`;
    const decision = isPlainPath(path)
      ? decideRoute(service, request.method, path, request.session.user.roles)
      : ({ outcome: 'unknown' } as const);
    if (decision.outcome === 'unknown') {
      return refuse(
        request,
        response,
        ConsoleErrorCode.RouteNotOffered,
        `${request.method} ${path}`,
      );
    }
    if (decision.outcome === 'forbidden') {
      return refuse(
        request,
        response,
        ConsoleErrorCode.RoleNotAllowed,
        `${request.method} ${path} is for ${decision.route.roles.join(', ')}`,
      );
    }
    next();
  });

  for (const service of CONSOLE_SERVICES) {
    router.use(
      createProxyMiddleware<Request, Response>({
        target: urls[service],
        pathFilter: `${API_PREFIX}/${service}/`,
        pathRewrite: { [`^${API_PREFIX}/${service}`]: '' },
        xfwd: true,
        proxyTimeout: 30_000,
        on: { proxyReq: withSessionToken, error: unavailable },
      }),
    );
  }

  router.use(QUEUE_DASHBOARD_PATH, (request: Request, response: Response, next: NextFunction) => {
    if (!isSignedIn(request)) {
      return refuse(request, response, ConsoleErrorCode.NotSignedIn, 'no session');
    }
    if (!QUEUE_DASHBOARD_ROLES.some((role) => request.session.user.roles.includes(role))) {
      return refuse(
        request,
        response,
        ConsoleErrorCode.RoleNotAllowed,
        'the queue dashboard is for admins',
      );
    }
    next();
  });
  router.use(
    createProxyMiddleware<Request, Response>({
      target: urls.analytics,
      pathFilter: QUEUE_DASHBOARD_PATH,
      xfwd: true,
      on: {
        proxyReq: withSessionToken,
        proxyRes: (proxyResponse) => {
          proxyResponse.headers['content-security-policy'] = DASHBOARD_CSP;
        },
        error: unavailable,
      },
    }),
  );
  return router;
}
