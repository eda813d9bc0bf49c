import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem';

/**
 * The response headers helmet sets for an API (no HTML is served but the docs page): no sniffing,
 * no framing, no referrer, HTTPS only, nothing cross-origin, no caching of personal data.
 */
export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('X-DNS-Prefetch-Control', 'off');
  response.setHeader('X-Permitted-Cross-Domain-Policies', 'none');
  response.setHeader('Origin-Agent-Cluster', '?1');
  if (!request.path.startsWith('/docs')) {
    // The Swagger UI page needs its scripts and styles; the API itself serves none.
    response.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    response.setHeader('Cache-Control', 'no-store');
  }
  next();
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

/** Who is asking: the bearer token (hashed, never stored), else the client address. */
const clientOf = (request: Request): string => {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    return `t:${createHash('sha256').update(header.slice(7)).digest('base64url').slice(0, 22)}`;
  }
  return `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
};

/**
 * Fixed-window rate limiting per client, counted in Redis so every instance of a service shares
 * the count. Over the limit: 429 problem+json with Retry-After. If Redis does not answer in time
 * the request goes through (availability over strictness; the limit protects, it does not bill).
 */
export function rateLimiter(redis: Redis, settings: RateLimitSettings) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    if (settings.max <= 0 || UNLIMITED.test(request.path)) return next();
    const window = Math.floor(Date.now() / settings.windowMs);
    const key = `ratelimit:${settings.prefix}:${clientOf(request)}:${window}`;
    let count: number | undefined;
    try {
      count = await Promise.race([
        redis
          .multi()
          .incr(key)
          .pexpire(key, settings.windowMs)
          .exec()
          .then((results) => Number(results?.[0]?.[1] ?? 0)),
        new Promise<undefined>((resolve) =>
          setTimeout(() => resolve(undefined), LIMITER_TIMEOUT_MS).unref(),
        ),
      ]);
    } catch {
      count = undefined;
    }
    if (count === undefined) return next();
    const resetSeconds = Math.ceil(((window + 1) * settings.windowMs - Date.now()) / 1000);
    response.setHeader('RateLimit-Limit', String(settings.max));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, settings.max - count)));
    response.setHeader('RateLimit-Reset', String(resetSeconds));
    if (count <= settings.max) return next();
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
  };
}
