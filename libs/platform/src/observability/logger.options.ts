import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { CORRELATION_HEADER } from '../http/request-context';
import { activeTraceIds } from './tracing';

const CORRELATION_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/** `/customers?q=Li&limit=5` → `/customers?q=…&limit=…`: which parameters, never their values. */
export function withoutQueryValues(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const names = url
    .slice(start + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]!.slice(0, 50)}=…`);
  return `${url.slice(0, start)}?${names.join('&')}`;
}

/** Structured JSON logs; every request line carries its correlation id, secrets are redacted. */
export function loggerOptions(service: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service },
      genReqId: (request: IncomingMessage, response) => {
        const given = request.headers[CORRELATION_HEADER];
        const id =
          typeof given === 'string' && CORRELATION_PATTERN.test(given) ? given : randomUUID();
        response.setHeader(CORRELATION_HEADER, id);
        return id;
      },
      customAttributeKeys: { reqId: 'correlationId' },
      // One readable sentence per request (`GET /customers?limit=… 200`), JSON fields beside it.
      customSuccessMessage: (request: IncomingMessage, response) =>
        `${request.method} ${withoutQueryValues(request.url ?? '')} ${response.statusCode}`,
      customErrorMessage: (request: IncomingMessage, response, error) =>
        `${request.method} ${withoutQueryValues(request.url ?? '')} ${response.statusCode} ${error.message}`,
      // Every line logged inside a traced request, consumer or job names its trace.
      mixin: () => activeTraceIds(),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["idempotency-key"]',
        ],
        censor: '[redacted]',
      },
      serializers: {
        // Query values are search terms, names and ids typed by people: personal data that must
        // not reach the logs. The path and the names of the query parameters are enough to debug.
        req: (request: { method: string; url: string; id: unknown }) => ({
          method: request.method,
          url: withoutQueryValues(request.url),
          id: request.id,
        }),
      },
      autoLogging: {
        ignore: (request: IncomingMessage) =>
          (request.url ?? '').startsWith('/health') || request.url === '/metrics',
      },
    },
  };
}
