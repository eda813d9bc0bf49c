import { Controller, Get, Header, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { ApiAnswerOf } from '../http/route-parameters';

let defaultMetricsStarted = false;

export function startDefaultMetrics(service: string): void {
  if (defaultMetricsStarted) return;
  defaultMetricsStarted = true;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
}

const httpDuration =
  (register.getSingleMetric('crm_http_request_duration_seconds') as Histogram | undefined) ??
  new Histogram({
    name: 'crm_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const end = httpDuration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({
        method: request.method,
        route: `${request.baseUrl}${route}`,
        status: response.statusCode,
      });
    });
    next();
  }
}

@Controller('metrics')
export class MetricsController {
  @Get()
  @Public()
  @Header('Content-Type', register.contentType)
  @ApiAnswerOf(z.string().describe('the Prometheus text exposition format'), {
    mediaType: 'text/plain',
  })
  metrics(): Promise<string> {
    return register.metrics();
  }
}
