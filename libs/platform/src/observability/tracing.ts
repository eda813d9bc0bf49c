import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { NextFunction, Request, Response } from 'express';

export interface TracingOptions {
  readonly serviceName: string;
  /** OTLP/HTTP traces endpoint (`…/v1/traces`); none: spans get ids (logs, headers) but go nowhere. */
  readonly otlpEndpoint?: string | undefined;
  /** Extra processors (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
  readonly spanProcessors?: readonly SpanProcessor[];
}

let provider: BasicTracerProvider | undefined;

/**
 * Registers the process-wide tracer provider, the AsyncLocalStorage context manager and the W3C
 * `traceparent` propagator. Once per process: later calls keep the first provider.
 */
export function startTracing(options: TracingOptions): void {
  if (provider) return;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: options.otlpEndpoint })));
  }
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}

/** Sends the spans still buffered (on shutdown). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

export const tracer = (): Tracer => trace.getTracer('crm');

/** The trace and span id of the active span, for log lines. */
export function activeTraceIds(): { traceId: string; spanId: string } | Record<string, never> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/**
 * Express middleware: a SERVER span per request, child of an incoming `traceparent`, active for
 * everything the request does (the commands' appends store it; see the outbox relay).
 * Mounted after the body parser, whose stream callbacks would lose the async context.
 */
export function traceHttpRequests(request: Request, response: Response, next: NextFunction): void {
  const parent = propagation.extract(ROOT_CONTEXT, request.headers);
  const span = tracer().startSpan(
    request.method,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'url.path': request.path },
    },
    parent,
  );
  response.on('finish', () => {
    const route = (request.route as { path?: string } | undefined)?.path;
    if (route) span.updateName(`${request.method} ${request.baseUrl}${route}`);
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
