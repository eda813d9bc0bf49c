import {
  Catch,
  HttpException,
  Inject,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodError } from 'zod';
import { ERROR_MAPPINGS, type ErrorMapping } from './error-mapping';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemType, type Problem } from './problem';
import { zodFieldErrors } from './zod-body.pipe';
import { isInfrastructureUnavailable } from '../infrastructure-errors';

const RETRY_AFTER_SECONDS = 2;

/** Every error leaves the service as application/problem+json; only the unexpected is a 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(@Inject(ERROR_MAPPINGS) private readonly mappings: readonly ErrorMapping[]) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body: Problem = { ...this.toProblem(error, request), instance: request.originalUrl };
    if (body.status >= 500) {
      this.logger.error({ err: error, path: request.path }, 'request failed');
    }
    if (response.headersSent) return;
    if (body.status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(error: unknown, request: Request): Problem {
    if (error instanceof ProblemException) return error.problem;
    if (error instanceof ZodError) {
      return {
        type: problemType('validation'),
        title: 'The request is invalid',
        status: 400,
        errors: zodFieldErrors(error),
      };
    }
    const mapping = this.mappings.find((candidate) => candidate.matches(error));
    if (mapping) return mapping.toProblem(error, request);
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return {
        type: problemType(status === 404 ? 'not-found' : `http-${status}`),
        title: error.message,
        status,
      };
    }
    if (isInfrastructureUnavailable(error)) {
      return {
        type: problemType('unavailable'),
        title: 'A service this one depends on is unavailable; retry with the same Idempotency-Key',
        status: 503,
      };
    }
    return { type: problemType('internal'), title: 'Internal error', status: 500 };
  }
}
