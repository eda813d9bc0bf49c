import {
  Logger as NestLogger,
  type DynamicModule,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import type { BaseConfig } from './config/config.schema';
import { ConfigError } from './config/load-config';
import type { Redis } from 'ioredis';
import { PROBLEM_CONTENT_TYPE, problemType } from './http/problem';
import {
  closeConnectionsWhileDraining,
  exitGracefullyOnSignals,
  ShutdownState,
} from './lifecycle/shutdown';
import { startTracing, traceHttpRequests } from './observability/tracing';
import { rateLimiter, securityHeaders } from './http/security';
import { REDIS } from './infrastructure.tokens';
import { TokenVerifier } from './auth/token-verifier';

const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

/** Errors body-parser raises before any handler runs. */
const bodyParserProblems: Record<string, { status: number; code: string; title: string }> = {
  'entity.parse.failed': {
    status: 400,
    code: 'malformed-json',
    title: 'The body is not valid JSON',
  },
  'entity.too.large': { status: 413, code: 'payload-too-large', title: 'The body is too large' },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported-encoding',
    title: 'Unsupported content encoding',
  },
  'charset.unsupported': { status: 415, code: 'unsupported-charset', title: 'Unsupported charset' },
  'request.aborted': { status: 400, code: 'request-aborted', title: 'The request was aborted' },
};

const sendProblem = (
  request: Request,
  response: Response,
  status: number,
  code: string,
  title: string,
) =>
  response
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({ type: problemType(code), title, status, instance: request.originalUrl }),
    );

/** Renders body-parser's errors as problems; anything else goes on to Nest's filters. */
export function bodyParserErrors(
  error: unknown,
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const known = bodyParserProblems[(error as { type?: string } | undefined)?.type ?? ''];
  if (!known) return next(error);
  sendProblem(request, response, known.status, known.code, known.title);
}

/** A body that is not JSON is refused before it reaches a handler. */
function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody =
    Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'];
  if (hasBody && !request.is(JSON_TYPES)) {
    sendProblem(
      request,
      response,
      415,
      'unsupported-media-type',
      'Send the body as application/json',
    );
    return;
  }
  next();
}

/** Everything HTTP about a service app, shared by `main.ts` and the tests. */
export function configureHttpApp(
  app: NestExpressApplication,
  config: BaseConfig,
  title: string,
): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from the configured proxies (none by default): otherwise
  // every made-up address would be a new client to the rate limiter.
  app.set('trust proxy', config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false);
  app.use(closeConnectionsWhileDraining(app.get(ShutdownState)));
  app.use(securityHeaders);
  app.use(
    rateLimiter(app.get<Redis>(REDIS), app.get(TokenVerifier), {
      max: config.RATE_LIMIT_MAX,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      prefix: `${config.SERVICE_NAME}:${config.MONGODB_DATABASE}`,
    }),
  );
  app.use(requireJsonBodies);
  app.use(json({ limit: config.HTTP_BODY_LIMIT, type: JSON_TYPES, strict: true }));
  app.use(bodyParserErrors);
  app.use(traceHttpRequests);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      // 3.1: the request schemas are JSON Schema 2020-12 (numeric exclusiveMinimum and the like).
      .setOpenAPIVersion('3.1.0')
      .setTitle(`CRM ${title} API`)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  config: BaseConfig,
  title: string,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app, config, title);
  return app;
}

/** `main.ts` of every service: a config error stops the process with a message naming the variable. */
export async function runService(
  build: () => { module: Type<unknown> | DynamicModule; config: BaseConfig; title: string },
): Promise<INestApplication> {
  let built: ReturnType<typeof build>;
  try {
    built = build();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  startTracing({
    serviceName: built.config.SERVICE_NAME,
    otlpEndpoint: built.config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  });
  try {
    const app = await createHttpApp(built.module, built.config, built.title);
    // Not Nest's enableShutdownHooks: it re-raises the signal, so the process would not exit 0.
    exitGracefullyOnSignals(app, app.get(ShutdownState), built.config);
    await app.listen(built.config.PORT, built.config.HOST);
    new NestLogger('Bootstrap').log(
      `${built.config.SERVICE_NAME} listening on ${await app.getUrl()}`,
    );
    return app;
  } catch (error) {
    // A service that cannot start says why in one log line and exits non-zero: its supervisor
    // (Kubernetes, compose, the fault run) starts it again.
    pino({ base: { service: built.config.SERVICE_NAME } }).fatal({ err: error }, 'startup failed');
    process.exit(1);
  }
}
