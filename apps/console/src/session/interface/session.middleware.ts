import RedisStore from 'connect-redis';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Redis } from 'ioredis';
import type { ConsoleConfig } from '@apps/console/src/console.config';
import { ConsoleError, ConsoleErrorCode } from '@apps/console/src/session/domain/session.errors';
import { QUEUE_DASHBOARD_PATH } from '@apps/console/src/gateway/domain/console-routes';
import { sendConsoleProblem } from '@apps/console/src/interface/console.error-mapping';
import { CSRF_HEADER, SESSION_COOKIE } from './console-session';

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Strict (no other site's page sends
 * it), Secure behind HTTPS, signed; the session itself lives in Redis for SESSION_TTL.
 */
export function sessionMiddleware(config: ConsoleConfig, redis: Redis): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: config.SESSION_SECRET,
    store: new RedisStore({
      client: redis,
      prefix: config.SESSION_PREFIX,
      ttl: Math.ceil(config.SESSION_TTL / 1000),
    }),
    resave: false,
    saveUninitialized: false,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.COOKIE_SECURE,
      maxAge: config.SESSION_TTL,
      path: '/',
    },
  });
}

/** Synchroniser tokens: one per session, sent back by the SPA in `X-CSRF-Token`. */
export const csrf = csrfSync({
  getTokenFromRequest: (request: Request) => {
    const header = request.headers[CSRF_HEADER];
    return typeof header === 'string' ? header : undefined;
  },
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The queue dashboard's own script (bull-board) cannot send our header; its calls are accepted when
 * the browser says they come from this console's own origin (OWASP's origin check).
 */
const fromOwnDashboard = (request: Request): boolean => {
  if (!request.path.startsWith(QUEUE_DASHBOARD_PATH)) return false;
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
};

/** Every state-changing call must carry the session's CSRF token. */
export function csrfProtection(request: Request, response: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(request.method) || csrf.isRequestValid(request) || fromOwnDashboard(request))
    return next();
  sendConsoleProblem(
    request,
    response,
    new ConsoleError(
      ConsoleErrorCode.CsrfTokenInvalid,
      `send the token from GET /session in the ${CSRF_HEADER} header`,
      { errors: [{ field: CSRF_HEADER, message: 'missing or not this session’s token' }] },
    ),
  );
}
