import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../auth/principal';
import { problem } from './problem';

/** What a command needs to know about the request that carries it. */
export interface RequestContext {
  readonly principal: Principal;
  readonly correlationId: string;
  /** The caller's Idempotency-Key, scoped to caller and route: passed down to the event store. */
  readonly idempotencyKey?: string;
  /** The stream version from `If-Match`, if the caller sent one. */
  readonly expectedVersion?: number;
}

export type ContextualRequest = Request & {
  principal?: Principal;
  id?: unknown;
  idempotencyScope?: string;
};

export const CORRELATION_HEADER = 'x-correlation-id';

/** `If-Match: "3"` (or W/"3") → 3. Anything else that is not `*` is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw problem(400, 'validation', 'The request is invalid', {
      errors: [{ field: 'If-Match', message: 'must be an ETag returned by this API, e.g. "3"' }],
    });
  }
  return Number(match[1]);
}

export const etagOf = (version: number): string => `"${version}"`;

export const requestContextOf = (request: ContextualRequest): RequestContext => {
  if (!request.principal) throw new Error('requestContextOf called on an unauthenticated route');
  const expectedVersion = parseIfMatch(request.header('if-match'));
  return {
    principal: request.principal,
    correlationId: String(request.id),
    ...(request.idempotencyScope ? { idempotencyKey: request.idempotencyScope } : {}),
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  };
};

/** Controller parameter: the RequestContext of the current request. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) =>
  requestContextOf(context.switchToHttp().getRequest<ContextualRequest>()),
);
