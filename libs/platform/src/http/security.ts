import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { TokenVerifier } from '../auth/token-verifier';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem';

const API_HEADERS = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
});
// The Swagger UI page loads its own scripts and styles: helmet's defaults without the API's CSP.
const DOCS_HEADERS = helmet({
  contentSecurityPolicy: false,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * helmet's response headers for an API (no sniffing, no framing, no referrer, HTTPS only, nothing
 * cross-origin), and no caching of the personal data the API answers with.
 */
export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  if (request.path.startsWith('/docs')) return DOCS_HEADERS(request, response, next);
  response.setHeader('Cache-Control', 'no-store');
  API_HEADERS(request, response, next);
}

export interface RateLimitSettings {
  /** Requests one client may make per window; 0 turns limiting off. */
  readonly max: number;
  readonly windowMs: number;
  /** Key prefix: service and database, so deployments sharing a Redis count apart. */
  readonly prefix: string;
}

/** Above this, a slow or unreachable Redis lets the request through rather than hold it. */
const LIMITER_TIMEOUT_MS = 100;
const UNLIMITED = /^\/(health|metrics)(\/|$)/;

/**
 * Who is asking: the subject of a verified bearer token, else the client address. The address is
 * `request.ip`, which Express takes from `X-Forwarded-For` only for the configured trusted proxies
 * (`trust proxy`), so a client cannot make up a fresh counter per request by spoofing it, and a
 * re-encoded or re-signed token of the same subject counts as that subject.
 */
async function clientOf(request: Request, verifier: TokenVerifier): Promise<string> {
  const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(request.headers.authorization ?? '');
  const principal = match ? await verifier.verify(match[1]!) : undefined;
  if (principal) return `sub:${principal.userId}`;
  return `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
}

const withTimeout = <T>(promise: Promise<T>): Promise<T | 'timeout'> =>
  Promise.race([
    promise,
    new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), LIMITER_TIMEOUT_MS).unref(),
    ),
  ]);

/**
 * Rate limiting per client with rate-limiter-flexible on Redis, so every instance of a service
 * shares the count. Over the limit: 429 problem+json with Retry-After. If Redis does not answer in
 * time the request goes through (availability over strictness; the limit protects, it does not
 * bill).
 */
export function rateLimiter(
  redis: Redis,
  verifier: TokenVerifier,
  settings: RateLimitSettings,
): RequestHandler {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `ratelimit:${settings.prefix}`,
    points: Math.max(settings.max, 1),
    duration: Math.max(1, Math.ceil(settings.windowMs / 1000)),
    rejectIfRedisNotReady: true,
  });
  const headers = (response: Response, result: RateLimiterRes) => {
    const resetSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    response.setHeader('RateLimit-Limit', String(settings.max));
    response.setHeader('RateLimit-Remaining', String(result.remainingPoints));
    response.setHeader('RateLimit-Reset', String(resetSeconds));
    return resetSeconds;
  };
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    if (settings.max <= 0 || UNLIMITED.test(request.path)) return next();
    let consumed: RateLimiterRes | 'timeout';
    try {
      consumed = await withTimeout(limiter.consume(await clientOf(request, verifier)));
    } catch (rejection) {
      // A Redis error lets the request through, like a timeout.
      if (!(rejection instanceof RateLimiterRes)) return next();
      const resetSeconds = headers(response, rejection);
      response.setHeader('Retry-After', String(resetSeconds));
      response
        .status(429)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: problemType('rate-limited'),
            title: 'Too many requests',
            status: 429,
            detail: `at most ${settings.max} requests per ${settings.windowMs} ms; retry after ${resetSeconds} s`,
            instance: request.originalUrl,
          }),
        );
      return;
    }
    if (consumed !== 'timeout') headers(response, consumed);
    next();
  };
}
