import { Logger as NestLogger, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import type { BaseConfig } from './config/config.schema';
import { ConfigError } from './config/load-config';
import { PROBLEM_CONTENT_TYPE, problemType } from './http/problem';

const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

/** A body that is not JSON is refused before it reaches a handler. */
function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'];
  if (hasBody && !request.is(JSON_TYPES)) {
    response
      .status(415)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: problemType('unsupported-media-type'),
          title: 'Send the body as application/json',
          status: 415,
          instance: request.originalUrl,
        }),
      );
    return;
  }
  next();
}

/** Everything HTTP about a service app, shared by `main.ts` and the tests. */
export function configureHttpApp(app: NestExpressApplication, config: BaseConfig, title: string): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requireJsonBodies);
  app.use(json({ limit: config.HTTP_BODY_LIMIT, type: JSON_TYPES, strict: true }));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
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
  const app = await createHttpApp(built.module, built.config, built.title);
  await app.listen(built.config.PORT, built.config.HOST);
  new NestLogger('Bootstrap').log(`${built.config.SERVICE_NAME} listening on ${await app.getUrl()}`);
  return app;
}
