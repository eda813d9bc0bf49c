import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { json, type NextFunction, type Request, type Response } from 'express';
import type { Redis } from 'ioredis';
import { Logger } from 'nestjs-pino';
import {
  bodyParserErrors,
  closeConnectionsWhileDraining,
  REDIS,
  ShutdownState,
} from '@crm/platform';
import type { ConsoleConfig } from './console.config';
import { API_PREFIX, serviceGateway } from './gateway/interface/service-gateway';
import { QUEUE_DASHBOARD_PATH } from './gateway/domain/console-routes';
import { csrfProtection, sessionMiddleware } from './session/interface/session.middleware';

/**
 * The page may load only its own scripts; styles inline because Ant Design writes its CSS at run
 * time; never framed (clickjacking); nothing leaves for another origin.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function consoleSecurityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  // Hashed bundle files may be cached; everything else (pages, personal data) may not.
  if (!request.path.startsWith('/assets/')) response.setHeader('Cache-Control', 'no-store');
  next();
}

/** Paths the single-page app never owns: a miss there is a 404 problem, not the app's page. */
const NOT_THE_APP = new RegExp(
  `^(${API_PREFIX}|/session|/exports|/live|/health|/metrics|${QUEUE_DASHBOARD_PATH}|/assets)(/|$)`,
);

/** Everything HTTP about the console, shared by `main.ts` and the tests. */
export function configureConsoleApp(app: NestExpressApplication, config: ConsoleConfig): void {
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(closeConnectionsWhileDraining(app.get(ShutdownState)));
  app.use(consoleSecurityHeaders);
  app.use(sessionMiddleware(config, app.get<Redis>(REDIS)));
  app.use(['/session', '/exports'], json({ limit: '16kb', strict: true }));
  app.use(bodyParserErrors);
  app.use(csrfProtection);
  app.use(serviceGateway(config));

  const webRoot = resolve(config.WEB_ROOT);
  const page = resolve(webRoot, 'index.html');
  if (!existsSync(page)) {
    logger.warn(`no console page at ${page}: run npm run build:console`);
  }
  app.use(express.static(webRoot, { index: false, fallthrough: true }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || NOT_THE_APP.test(request.path) || !existsSync(page)) {
      return next();
    }
    response.type('html').sendFile(page);
  });
}
