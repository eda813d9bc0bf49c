import {
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { etagOf } from './request-context';

/** An answer about one stream: the version it is at. */
interface Versioned {
  readonly version: number;
}

/**
 * Sets the ETag of a route's answer from the stream version it carries (and, for a creation, the
 * Location of what was created). It runs inside the idempotency interceptor, which therefore
 * records both headers for a replay.
 */
class EtagInterceptor<Answer extends Versioned> implements NestInterceptor<Answer, Answer> {
  constructor(private readonly locationOf?: (answer: Answer) => string) {}

  intercept(context: ExecutionContext, next: CallHandler<Answer>): Observable<Answer> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((answer) => {
        response.setHeader('ETag', etagOf(answer.version));
        if (this.locationOf) response.setHeader('Location', this.locationOf(answer));
        return answer;
      }),
    );
  }
}

/** Answers with the stream version the answer is at as its ETag (for a later If-Match). */
export const AnswersWithEtag = (): MethodDecorator => UseInterceptors(new EtagInterceptor());

/** A creation: the ETag of the new stream and the Location of what was created. */
export const AnswersCreated = <Answer>(locationOf: (answer: Answer) => string): MethodDecorator =>
  UseInterceptors(new EtagInterceptor<Answer & Versioned>(locationOf));
